package io.jresnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.graph.Graph;
import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.tck.ReferenceBackend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Which nodes the inference plan fuses, and that the fused model computes what the unfused one does. */
class InferencePlanTest {
  private final ReferenceBackend backend = new ReferenceBackend();

  private Parameters parameters(Graph graph, long seed) {
    return Parameters.fromHost(graph, backend, ExampleGraphs.randomValues(Parameters.specs(graph), seed));
  }

  /**
   * A torchvision-style bottleneck ResNet over [N, 8, 8, 4]: stem conv 3x3 (8) → bn → relu; block 0 (stride 2,
   * with a downsample conv + bn), block 1 (identity shortcut); global average pool → dense 3.
   */
  static Graph bottlenecks() {
    List<Node> n = new ArrayList<>();
    n.add(conv("conv1", Graph.INPUT, 8, 3, 1, 1));
    n.add(new Node("bn1", Ops.BATCH_NORM, Map.of(), "conv1"));
    n.add(new Node("relu", Ops.RELU, Map.of(), "bn1"));
    String x = "relu";
    for (int b = 0; b < 2; b++) {
      String p = "layer1." + b + ".";
      int stride = b == 0 ? 2 : 1;
      n.add(conv(p + "conv1", x, 4, 1, 1, 0));
      n.add(new Node(p + "bn1", Ops.BATCH_NORM, Map.of(), p + "conv1"));
      n.add(new Node(p + "relu1", Ops.RELU, Map.of(), p + "bn1"));
      n.add(conv(p + "conv2", p + "relu1", 4, 3, stride, 1));
      n.add(new Node(p + "bn2", Ops.BATCH_NORM, Map.of(), p + "conv2"));
      n.add(new Node(p + "relu2", Ops.RELU, Map.of(), p + "bn2"));
      n.add(conv(p + "conv3", p + "relu2", 16, 1, 1, 0));
      n.add(new Node(p + "bn3", Ops.BATCH_NORM, Map.of(), p + "conv3"));
      String shortcut = x;
      if (b == 0) {
        n.add(conv(p + "downsample.0", x, 16, 1, stride, 0));
        n.add(new Node(p + "downsample.1", Ops.BATCH_NORM, Map.of(), p + "downsample.0"));
        shortcut = p + "downsample.1";
      }
      n.add(new Node(p + "add", Ops.ADD, Map.of(), p + "bn3", shortcut));
      n.add(new Node(p + "relu", Ops.RELU, Map.of(), p + "add"));
      x = p + "relu";
    }
    n.add(new Node("avgpool", Ops.GLOBAL_AVG_POOL, Map.of(), x));
    n.add(new Node("fc", Ops.DENSE, Map.of("units", 3), "avgpool"));
    return new Graph("bottlenecks", Shape.of(8, 8, 4), n, "fc");
  }

  private static Node conv(String name, String input, int filters, int kernel, int stride, int padding) {
    return new Node(
        name, Ops.CONV2D, Map.of("filters", filters, "kernel", kernel, "stride", stride, "padding", padding), input);
  }

  private float[] run(Model model, Tensor x) {
    try (Tensor y = model.forward(x, Mode.EVAL)) {
      return y.copyToHost();
    }
  }

  private Tensor input(Shape shape, long seed) {
    return backend.fromHost(ExampleGraphs.input(seed, shape), shape);
  }

  @Test
  void everyBatchNormAddAndReluOfABottleneckNetRunsInsideAConv() {
    Graph graph = bottlenecks();
    try (Parameters p = parameters(graph, 1);
        Model fused = Model.bind(graph, backend, p);
        Model unfused = Model.bind(graph, backend, p, false);
        Tensor x = input(Shape.nhwc(2, 8, 8, 4), 2)) {
      // Block 0: conv3 + bn3 is made first, so the downsample conv (made last) takes it as its residual.
      assertEquals(
          """
          conv1+bn1+relu <- input
          layer1.0.conv1+layer1.0.bn1+layer1.0.relu1 <- relu
          layer1.0.conv2+layer1.0.bn2+layer1.0.relu2 <- layer1.0.relu1
          layer1.0.conv3+layer1.0.bn3 <- layer1.0.relu2
          layer1.0.downsample.0+layer1.0.downsample.1+layer1.0.add+layer1.0.relu <- relu, layer1.0.bn3
          layer1.1.conv1+layer1.1.bn1+layer1.1.relu1 <- layer1.0.relu
          layer1.1.conv2+layer1.1.bn2+layer1.1.relu2 <- layer1.1.relu1
          layer1.1.conv3+layer1.1.bn3+layer1.1.add+layer1.1.relu <- layer1.1.relu2, layer1.0.relu
          avgpool <- layer1.1.relu
          fc <- avgpool
          """,
          fused.inferencePlan());
      assertEquals(8, fused.foldedBatchNorms());
      assertEquals(2, fused.fusedAdds());
      assertEquals(7, fused.fusedRelus());
      MaxRelativeError.assertWithin(1e-5, run(unfused, x), run(fused, x), "bottlenecks");
    }
  }

  @Test
  void valuesWithSeveralReadersOrThatAreTheOutputAreNotFusedAway() {
    // conv1 is read by bn1 and the add: not folded, so bn1 runs alone (with its ReLU) and the add too. conv2 → bn2
    // → relu3 fuses: relu3 is the graph output, made by the fused conv; add2 reads it twice and stays apart.
    List<Node> n =
        List.of(
            conv("conv1", Graph.INPUT, 4, 1, 1, 0),
            new Node("bn1", Ops.BATCH_NORM, Map.of(), "conv1"),
            new Node("relu1", Ops.RELU, Map.of(), "bn1"),
            new Node("add", Ops.ADD, Map.of(), "relu1", "conv1"),
            new Node("relu2", Ops.RELU, Map.of(), "add"),
            conv("conv2", "relu2", 4, 3, 1, 1),
            new Node("bn2", Ops.BATCH_NORM, Map.of(), "conv2"),
            new Node("relu3", Ops.RELU, Map.of(), "bn2"),
            new Node("add2", Ops.ADD, Map.of(), "relu3", "relu3"));
    Graph graph = new Graph("readers", Shape.of(5, 5, 4), n, "relu3");
    try (Parameters p = parameters(graph, 3);
        Model fused = Model.bind(graph, backend, p);
        Model unfused = Model.bind(graph, backend, p, false);
        Tensor x = input(Shape.nhwc(1, 5, 5, 4), 4)) {
      assertEquals(
          """
          conv1 <- input
          bn1+relu1 <- conv1
          add+relu2 <- relu1, conv1
          conv2+bn2+relu3 <- relu2
          add2 <- relu3, relu3
          """,
          fused.inferencePlan());
      MaxRelativeError.assertWithin(1e-5, run(unfused, x), run(fused, x), "readers");
    }
    // The graph output is never fused away: here it is the conv itself, read also by the batch-norm.
    List<Node> m =
        List.of(
            conv("conv1", Graph.INPUT, 4, 1, 1, 0),
            new Node("bn1", Ops.BATCH_NORM, Map.of(), "conv1"),
            new Node("pool", Ops.GLOBAL_AVG_POOL, Map.of(), "bn1"));
    Graph convOut = new Graph("conv-out", Shape.of(5, 5, 4), m, "conv1");
    try (Parameters p = parameters(convOut, 5);
        Model fused = Model.bind(convOut, backend, p)) {
      assertEquals("conv1 <- input\nbn1 <- conv1\npool <- bn1\n", fused.inferencePlan());
    }
  }

  @Test
  void anAddWhoseOtherInputIsMadeAfterTheConvRunsOnItsOwn() {
    // The shortcut is a pooled value made after conv1 + bn1: the add cannot be the conv's epilogue, but its ReLU
    // still fuses into the add.
    List<Node> n =
        List.of(
            conv("conv1", Graph.INPUT, 3, 3, 2, 1),
            new Node("bn1", Ops.BATCH_NORM, Map.of(), "conv1"),
            new Node("pool", Ops.MAX_POOL2D, Map.of("kernel", 3, "stride", 2, "padding", 1), Graph.INPUT),
            new Node("add", Ops.ADD, Map.of(), "bn1", "pool"),
            new Node("relu", Ops.RELU, Map.of(), "add"));
    Graph graph = new Graph("late-shortcut", Shape.of(6, 6, 3), n, "relu");
    try (Parameters p = parameters(graph, 6);
        Model fused = Model.bind(graph, backend, p);
        Model unfused = Model.bind(graph, backend, p, false);
        Tensor x = input(Shape.nhwc(2, 6, 6, 3), 7)) {
      assertEquals("conv1+bn1 <- input\npool <- input\nadd+relu <- bn1, pool\n", fused.inferencePlan());
      assertEquals(0, fused.fusedAdds());
      MaxRelativeError.assertWithin(1e-5, run(unfused, x), run(fused, x), "late shortcut");
    }
  }

  @Test
  void changedBatchNormParametersAreFoldedAgainAfterMarkChanged() {
    Graph graph = bottlenecks();
    try (Parameters p = parameters(graph, 8);
        Model fused = Model.bind(graph, backend, p);
        Model unfused = Model.bind(graph, backend, p, false);
        Tensor x = input(Shape.nhwc(1, 8, 8, 4), 9)) {
      float[] before = run(fused, x);
      float[] gamma = p.get("layer1.1.bn3.weight").copyToHost();
      Arrays.fill(gamma, 3f);
      p.get("layer1.1.bn3.weight").copyFromHost(gamma);
      assertArrayEquals(before, run(fused, x), 0f, "nothing is folded again until the change is announced");
      p.markChanged();
      float[] after = run(fused, x);
      assertFalse(Arrays.equals(before, after), "the new gamma shows in the output");
      MaxRelativeError.assertWithin(1e-5, run(unfused, x), after, "after the change");
    }
  }

  @Test
  void reusedBuffersGiveWhatFreshOnesGive() {
    Graph graph = ExampleGraphs.everyOp(3);
    Shape shape = Shape.nhwc(2, 9, 9, 3);
    try (Parameters p = parameters(graph, 10);
        Model warm = Model.bind(graph, backend, p);
        Model cold = Model.bind(graph, backend, p);
        Tensor first = input(shape, 11);
        Tensor second = input(shape, 12)) {
      run(warm, first);
      // Every kernel overwrites its whole output, so what the first call left in the buffers does not show.
      assertArrayEquals(run(cold, second), run(warm, second));
    }
  }

  @Test
  void forwardIntoACallerTensorChecksIt() {
    Graph graph = ExampleGraphs.sharedBatchNorm();
    try (Parameters p = parameters(graph, 13);
        Model model = Model.bind(graph, backend, p);
        Tensor x = input(Shape.nhwc(2, 7, 6, 4), 14);
        Tensor out = backend.allocate(Shape.of(2, 3));
        Tensor wrong = backend.allocate(Shape.of(1, 3));
        ReferenceBackend other = new ReferenceBackend();
        Tensor foreign = other.allocate(Shape.of(2, 3))) {
      model.forward(x, out);
      assertArrayEquals(run(model, x), out.copyToHost());
      assertEquals(
          "the output tensor has shape [1, 3], but the model's output is [2, 3]",
          assertThrows(IllegalArgumentException.class, () -> model.forward(x, wrong)).getMessage());
      assertEquals(
          "the output tensor must not be the input tensor",
          assertThrows(IllegalArgumentException.class, () -> model.forward(x, x)).getMessage());
      assertEquals(
          "the output tensor belongs to another backend instance than the model (output: reference, model:"
              + " reference); create it with the model's backend",
          assertThrows(IllegalArgumentException.class, () -> model.forward(x, foreign)).getMessage());
    }
  }

  @Test
  void twoThreadsSharingAModelEachGetTheirOwnAnswers() throws Exception {
    Graph graph = bottlenecks();
    // The threads use different batch sizes, so each forward also swaps the model's buffers for its own shape:
    // only one forward at a time may touch them.
    List<Shape> shapes = List.of(Shape.nhwc(2, 8, 8, 4), Shape.nhwc(1, 8, 8, 4));
    try (Parameters p = parameters(graph, 15);
        Model shared = Model.bind(graph, backend, p);
        Model alone = Model.bind(graph, backend, p)) {
      List<List<Tensor>> xs = new ArrayList<>();
      List<List<float[]>> expected = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        xs.add(new ArrayList<>());
        expected.add(new ArrayList<>());
        for (int i = 0; i < 3; i++) {
          Tensor x = input(shapes.get(t), 100 + 10 * t + i);
          xs.get(t).add(x);
          expected.get(t).add(run(alone, x));
        }
      }
      ExecutorService threads = Executors.newFixedThreadPool(2);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          int thread = t;
          done.add(
              threads.submit(
                  () -> {
                    for (int k = 0; k < 15; k++) {
                      int i = k % 3;
                      float[] y = run(shared, xs.get(thread).get(i));
                      assertArrayEquals(expected.get(thread).get(i), y, "thread " + thread + ", input " + i);
                    }
                    return null;
                  }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        threads.shutdown();
        xs.forEach(list -> list.forEach(Tensor::close));
      }
    }
  }
}
