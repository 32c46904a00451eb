package io.jresnet.cli;

import io.jresnet.graph.Graph;
import io.jresnet.io.HostTensor;
import io.jresnet.io.SafetensorsWriter;
import io.jresnet.models.ModelSpec;
import io.jresnet.models.ResNetBuilder;
import io.jresnet.models.Zoo;
import io.jresnet.models.interop.TorchvisionLayout;
import io.jresnet.nn.Mode;
import io.jresnet.nn.Model;
import io.jresnet.nn.ParameterSpec;
import io.jresnet.nn.Parameters;
import io.jresnet.tck.ReferenceBackend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Small models with random weights for command tests: weights with non-trivial batch-norm statistics, written as a
 * torchvision-layout safetensors file (with PyTorch's {@code num_batches_tracked} counters, which must be ignored),
 * and the reference backend's output for the same weights, computed without the CLI.
 */
final class TestModels {
  private TestModels() {}

  static Graph graph(String zooName, int height, int width) {
    ModelSpec spec = Zoo.load(zooName);
    return ResNetBuilder.build(spec.withInput(height, width, spec.input().channels()));
  }

  /** Random parameters for {@code graph} in canonical layout, by name. */
  static Map<String, float[]> randomWeights(Graph graph, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, float[]> weights = new LinkedHashMap<>();
    for (ParameterSpec spec : Parameters.specs(graph)) {
      float[] values = new float[spec.shape().size()];
      Shape s = spec.shape();
      double bound =
          switch (spec.role()) {
            case CONV_WEIGHT -> Math.sqrt(3.0 / ((long) s.dim(0) * s.dim(1) * s.dim(2)));
            case DENSE_WEIGHT -> Math.sqrt(3.0 / s.dim(0));
            default -> 0.1;
          };
      boolean positive =
          spec.role() == ParameterSpec.Role.BN_GAMMA || spec.role() == ParameterSpec.Role.BN_RUNNING_VAR;
      for (int i = 0; i < values.length; i++) {
        values[i] = positive ? (float) random.nextDouble(0.5, 1.5) : (float) random.nextDouble(-bound, bound);
      }
      weights.put(spec.name(), values);
    }
    return weights;
  }

  /** Writes {@code canonical} weights as PyTorch would save them: OIHW, {@code [out, in]}, batch counters. */
  static Path writeTorchvision(Path file, Graph graph, Map<String, float[]> canonical) {
    TorchvisionLayout layout = new TorchvisionLayout(Parameters.specs(graph));
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    for (ParameterSpec spec : Parameters.specs(graph)) {
      tensors.put(
          spec.name(),
          new HostTensor(layout.fileShape(spec.name()), layout.toFile(spec.name(), canonical.get(spec.name()))));
      if (spec.role() == ParameterSpec.Role.BN_RUNNING_VAR) {
        String counter = spec.name().replace("running_var", "num_batches_tracked");
        tensors.put(counter, new HostTensor(Shape.of(), new float[] {1000}));
      }
    }
    SafetensorsWriter.write(file, tensors);
    return file;
  }

  /** The reference backend's output of {@code graph} with {@code canonical} weights on {@code x}. */
  static HostTensor referenceForward(Graph graph, Map<String, float[]> canonical, HostTensor x) {
    try (ReferenceBackend backend = new ReferenceBackend();
        Parameters parameters = Parameters.fromHost(graph, backend, canonical);
        Model model = Model.bind(graph, backend, parameters);
        Tensor input = backend.fromHost(x.data(), x.shape());
        Tensor output = model.forward(input, Mode.EVAL)) {
      return new HostTensor(output.shape(), output.copyToHost());
    }
  }

  /** A standard-normal NHWC tensor. */
  static HostTensor randomInput(Shape shape, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] data = new float[shape.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian();
    }
    return new HostTensor(shape, data);
  }
}
