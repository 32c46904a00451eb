package io.jresnet.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.backend.Backend;
import io.jresnet.cpu.CpuBackend;
import io.jresnet.cpu.CpuComputePool;
import io.jresnet.graph.Graph;
import io.jresnet.graph.Ops;
import io.jresnet.nn.Initializer;
import io.jresnet.nn.Mode;
import io.jresnet.nn.Model;
import io.jresnet.nn.ParameterSpec;
import io.jresnet.nn.Parameters;
import io.jresnet.tck.ReferenceBackend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Zoo models with batch-norms folded and adds and ReLUs fused against the same models run node by node, on the
 * reference and the CPU backend, at small inputs, with batch-norm statistics far from the identity so that a wrong
 * fold shows. Error: {@code max|fused − unfused| / max|unfused|} over the output.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FusedInferenceNumericsTest {
  private static final double BOUND = 1e-5;
  private ReferenceBackend reference;
  private CpuBackend cpu;

  @BeforeAll
  void open() {
    reference = new ReferenceBackend();
    cpu = new CpuBackend(new CpuComputePool(Runtime.getRuntime().availableProcessors()));
  }

  @AfterAll
  void close() {
    reference.close();
    cpu.close();
  }

  /** Model, input size (the ImageNet ones run at 32x32: they end in global pooling), batch. */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("resnet18", 32, 2),
        Arguments.of("resnet50", 32, 1),
        Arguments.of("resnet20", 32, 2),
        Arguments.of("resnet50-keras-64x64-6", 64, 1));
  }

  @ParameterizedTest(name = "{0} at {1}x{1}, reference backend")
  @MethodSource("cases")
  void foldedMatchesUnfusedOnTheReferenceBackend(String name, int size, int batch) {
    check(reference, name, size, batch);
  }

  @ParameterizedTest(name = "{0} at {1}x{1}, cpu backend")
  @MethodSource("cases")
  void foldedMatchesUnfusedOnTheCpuBackend(String name, int size, int batch) {
    check(cpu, name, size, batch);
  }

  private static void check(Backend backend, String name, int size, int batch) {
    Graph graph = ResNetBuilder.build(Zoo.load(name));
    long batchNorms = graph.nodes().stream().filter(n -> n.op().equals(Ops.BATCH_NORM)).count();
    long adds = graph.nodes().stream().filter(n -> n.op().equals(Ops.ADD)).count();
    Shape shape = Shape.nhwc(batch, size, size, graph.inputShape().dim(2));
    try (Parameters p = Parameters.allocate(graph, backend, Initializer.heNormal(), 7);
        Model fused = Model.bind(graph, backend, p);
        Model unfused = Model.bind(graph, backend, p, false);
        Tensor x = backend.fromHost(uniform(shape.size(), 11), shape)) {
      randomizeBatchNorms(p, 13);
      assertEquals(batchNorms, fused.foldedBatchNorms(), "every batch-norm follows a conv it alone reads");
      assertEquals(adds, fused.fusedAdds(), "every residual add is a conv epilogue");
      float[] expected;
      float[] actual;
      try (Tensor y = unfused.forward(x, Mode.EVAL);
          Tensor z = fused.forward(x, Mode.EVAL)) {
        expected = y.copyToHost();
        actual = z.copyToHost();
      }
      double diff = 0;
      double scale = 0;
      for (int i = 0; i < expected.length; i++) {
        diff = Math.max(diff, Math.abs((double) actual[i] - expected[i]));
        scale = Math.max(scale, Math.abs((double) expected[i]));
      }
      assertTrue(scale > 0, "the output is not all zeros");
      assertTrue(diff / scale <= BOUND, name + ": max relative error " + diff / scale + " > " + BOUND);
    }
  }

  /** Gamma in [0.5, 1.5), beta and mean in [-0.5, 0.5), variance in [0.5, 2); announced with markChanged. */
  private static void randomizeBatchNorms(Parameters p, long seed) {
    Random random = new Random(seed);
    for (ParameterSpec spec : p.specs()) {
      float[] v = new float[spec.shape().size()];
      float low;
      float width;
      switch (spec.role()) {
        case BN_GAMMA -> {
          low = 0.5f;
          width = 1f;
        }
        case BN_BETA, BN_RUNNING_MEAN -> {
          low = -0.5f;
          width = 1f;
        }
        case BN_RUNNING_VAR -> {
          low = 0.5f;
          width = 1.5f;
        }
        default -> {
          continue;
        }
      }
      for (int i = 0; i < v.length; i++) {
        v[i] = low + width * random.nextFloat();
      }
      p.get(spec.name()).copyFromHost(v);
    }
    p.markChanged();
  }

  private static float[] uniform(int n, long seed) {
    Random random = new Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < v.length; i++) {
      v[i] = 2 * random.nextFloat() - 1;
    }
    return v;
  }
}
