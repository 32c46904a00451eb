package io.jresnet.cli;

import io.jresnet.backend.Backend;
import io.jresnet.graph.Graph;
import io.jresnet.models.ModelSource;
import io.jresnet.models.ModelSpec;
import io.jresnet.models.interop.TorchvisionWeights;
import io.jresnet.nn.ParameterSpec;
import io.jresnet.nn.Parameters;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The required {@code --model} and {@code --weights} options of the commands that run a trained model
 * ({@code infer}, {@code predict}), as a picocli mixin, and the reading of those weights. Declare the mixin before
 * the command's own options: picocli lists missing required options in declaration order.
 */
final class TrainedModelOptions {
  @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Zoo name or JSON spec file.")
  private String model;

  @Option(
      names = "--weights",
      required = true,
      paramLabel = "W.safetensors",
      description = "Weights in torchvision layout (state_dict names, OIHW convolutions).")
  private Path weights;

  /**
   * The spec {@code --model} names.
   *
   * @throws io.jresnet.ConfigException when it is neither a zoo name nor a valid spec file
   */
  ModelSpec resolveModel() {
    return ModelSource.resolve(model);
  }

  /**
   * Reads {@code --weights} for {@code graph}'s parameters on the host. Every tensor is checked and read here, before
   * a backend is chosen, so a wrong file fails fast.
   */
  HostWeights readWeights(Graph graph) {
    List<ParameterSpec> specs = Parameters.specs(graph);
    return new HostWeights(specs, TorchvisionWeights.read(weights, specs));
  }

  /**
   * Checked weights on the host.
   *
   * @param specs the graph's parameters, in order
   * @param values canonical (HWIO) values by torchvision parameter name
   */
  record HostWeights(List<ParameterSpec> specs, Map<String, float[]> values) {
    /** Copies the weights to {@code backend}; the caller closes the result. */
    Parameters upload(Backend backend) {
      return Parameters.fromHost(specs, backend, values);
    }
  }
}
