package io.jresnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.cpu.CpuBackendProvider;
import io.jresnet.graph.Graph;
import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * On a backend whose conv may write over its residual (the CPU backend), an inference plan writes a residual block's
 * output over the shortcut when nothing reads the shortcut afterwards: one activation buffer fewer, same numbers.
 */
class InPlaceResidualTest {
  /** stem conv → relu; conv1 → bn → relu; conv2 → bn → add(stem) → relu; global average pool. */
  private static Graph residualBlock() {
    Map<String, Object> conv = Map.of("filters", 32, "kernel", 3, "padding", 1);
    return new Graph(
        "block",
        Shape.of(14, 14, 8),
        List.of(
            new Node("stem", Ops.CONV2D, conv, Graph.INPUT),
            new Node("stem_relu", Ops.RELU, Map.of(), "stem"),
            new Node("conv1", Ops.CONV2D, conv, "stem_relu"),
            new Node("bn1", Ops.BATCH_NORM, Map.of(), "conv1"),
            new Node("relu1", Ops.RELU, Map.of(), "bn1"),
            new Node("conv2", Ops.CONV2D, conv, "relu1"),
            new Node("bn2", Ops.BATCH_NORM, Map.of(), "conv2"),
            new Node("add", Ops.ADD, Map.of(), "bn2", "stem_relu"),
            new Node("relu2", Ops.RELU, Map.of(), "add"),
            new Node("pool", Ops.GLOBAL_AVG_POOL, Map.of(), "relu2")),
        "pool");
  }

  @Test
  void theBlockOutputTakesTheShortcutsBufferAndMatchesTheUnfusedPlan() {
    Graph graph = residualBlock();
    Shape shape = Shape.nhwc(3, 14, 14, 8);
    SplittableRandom rnd = new SplittableRandom(5);
    float[] input = new float[shape.size()];
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) rnd.nextDouble(-1, 1);
    }
    try (Backend backend = new CpuBackendProvider().open(new BackendConfig(2));
        Parameters p = Parameters.allocate(graph, backend, Initializer.heNormal(), 7);
        Model fused = Model.bind(graph, backend, p);
        Model unfused = Model.bind(graph, backend, p, false);
        Tensor x = backend.fromHost(input, shape)) {
      assertTrue(backend.conv().residualInPlace());
      float[] expected;
      try (Tensor y = unfused.forward(x, Mode.EVAL)) {
        expected = y.copyToHost();
      }
      for (int call = 0; call < 2; call++) {
        try (Tensor y = fused.forward(x, Mode.EVAL)) {
          float[] actual = y.copyToHost();
          for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * (1 + Math.abs(expected[i])), "output " + i);
          }
        }
      }
      // The stem's output and relu1's: the block's output is written over the stem's (the shortcut), which nothing
      // reads after the fused conv2; without that, a third buffer.
      assertEquals(2, fused.activationBufferAllocations());
    }
  }
}
