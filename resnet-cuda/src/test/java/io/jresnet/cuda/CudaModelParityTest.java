package io.jresnet.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.cpu.CpuBackendProvider;
import io.jresnet.graph.Graph;
import io.jresnet.models.ModelSpec;
import io.jresnet.models.ResNetBuilder;
import io.jresnet.models.Zoo;
import io.jresnet.nn.Mode;
import io.jresnet.nn.Model;
import io.jresnet.nn.ParameterSpec;
import io.jresnet.nn.Parameters;
import io.jresnet.tck.Tensors;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Whole-model parity of the CUDA backend (TF32 off) with the CPU backend on the same random weights: ResNet-50's
 * forward within 1e-4 relative, one training step's loss and gradients within 1e-3, and no device allocation after
 * the first step (the memory pool).
 */
@Tag("gpu")
class CudaModelParityTest {
  private static final int BATCH = 2;

  @Test
  void resnet50ForwardMatchesTheCpuWithin1e4() {
    Graph graph = graph("resnet50", 224);
    Map<String, float[]> weights = randomWeights(graph, 50);
    float[] x = input(graph, 7);
    try (CudaBackend cuda = CudaGpu.open(false);
        Backend cpu = new CpuBackendProvider().open(BackendConfig.defaults())) {
      float[] expected = forward(cpu, graph, weights, x, Mode.EVAL);
      float[] actual = forward(cuda, graph, weights, x, Mode.EVAL);
      double error = Tensors.relativeError(actual, expected);
      assertTrue(error <= 1e-4, "ResNet-50 forward relative error " + error);
    }
  }

  @Test
  void oneTrainingStepMatchesTheCpuWithin1e3() {
    Graph graph = graph("resnet50", 224).withoutFinalSoftmax();
    Map<String, float[]> weights = randomWeights(graph, 51);
    float[] x = input(graph, 8);
    int[] labels = {3, 997};
    try (CudaBackend cuda = CudaGpu.open(false);
        Backend cpu = new CpuBackendProvider().open(BackendConfig.defaults())) {
      Step expected = trainingStep(cpu, graph, weights, x, labels);
      Step actual = trainingStep(cuda, graph, weights, x, labels);
      assertEquals(expected.loss, actual.loss, 1e-3 * Math.abs(expected.loss));
      for (Map.Entry<String, float[]> g : expected.gradients.entrySet()) {
        double error = Tensors.relativeError(actual.gradients.get(g.getKey()), g.getValue());
        assertTrue(error <= 1e-3, "gradient of " + g.getKey() + ": relative error " + error);
      }
    }
  }

  @Test
  void theSecondStepAllocatesNoDeviceMemory() {
    Graph graph = graph("resnet18", 64).withoutFinalSoftmax();
    Map<String, float[]> weights = randomWeights(graph, 52);
    float[] x = input(graph, 9);
    try (CudaBackend cuda = CudaGpu.open(false)) {
      trainingStep(cuda, graph, weights, x, new int[] {1, 2});
      try (Parameters parameters = Parameters.fromHost(graph, cuda, weights);
          Model model = Model.bind(graph, cuda, parameters);
          Tensor input = cuda.fromHost(x, inputShape(graph))) {
        step(cuda, model, input, new int[] {1, 2});
        long allocations = cuda.memoryStatistics()[2];
        step(cuda, model, input, new int[] {1, 2});
        assertEquals(allocations, cuda.memoryStatistics()[2], "device allocations in the second step");
      }
    }
  }

  private record Step(double loss, Map<String, float[]> gradients) {}

  private static Step trainingStep(Backend backend, Graph graph, Map<String, float[]> weights, float[] x,
      int[] labels) {
    try (Parameters parameters = Parameters.fromHost(graph, backend, weights);
        Model model = Model.bind(graph, backend, parameters);
        Tensor input = backend.fromHost(x, inputShape(graph))) {
      double loss = step(backend, model, input, labels);
      Map<String, float[]> gradients = new LinkedHashMap<>();
      parameters.gradients().forEach((name, g) -> gradients.put(name, g.copyToHost()));
      return new Step(loss, gradients);
    }
  }

  private static double step(Backend backend, Model model, Tensor input, int[] labels) {
    try (Tensor logits = model.forward(input, Mode.TRAIN);
        Tensor dLogits = backend.allocate(logits.shape())) {
      double loss = backend.loss().softmaxCrossEntropy(logits, labels, 0f, dLogits, null);
      model.backward(dLogits);
      return loss;
    }
  }

  private static float[] forward(Backend backend, Graph graph, Map<String, float[]> weights, float[] x, Mode mode) {
    try (Parameters parameters = Parameters.fromHost(graph, backend, weights);
        Model model = Model.bind(graph, backend, parameters);
        Tensor input = backend.fromHost(x, inputShape(graph));
        Tensor output = model.forward(input, mode)) {
      return output.copyToHost();
    }
  }

  private static Graph graph(String zooName, int size) {
    ModelSpec spec = Zoo.load(zooName);
    return ResNetBuilder.build(spec.withInput(size, size, spec.input().channels()));
  }

  private static Shape inputShape(Graph graph) {
    return graph.inputShape().prependBatch(BATCH);
  }

  private static float[] input(Graph graph, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] x = new float[inputShape(graph).size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble(-1, 1);
    }
    return x;
  }

  /** He-uniform conv and dense weights and batch-norm statistics away from the identity. */
  private static Map<String, float[]> randomWeights(Graph graph, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, float[]> weights = new LinkedHashMap<>();
    for (ParameterSpec spec : Parameters.specs(graph)) {
      Shape s = spec.shape();
      double bound = switch (spec.role()) {
        case CONV_WEIGHT -> Math.sqrt(6.0 / ((long) s.dim(0) * s.dim(1) * s.dim(2)));
        case DENSE_WEIGHT -> Math.sqrt(6.0 / s.dim(0));
        default -> 0.1;
      };
      boolean positive =
          spec.role() == ParameterSpec.Role.BN_GAMMA || spec.role() == ParameterSpec.Role.BN_RUNNING_VAR;
      float[] values = new float[s.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = positive ? (float) random.nextDouble(0.5, 1.5) : (float) random.nextDouble(-bound, bound);
      }
      weights.put(spec.name(), values);
    }
    return weights;
  }
}
