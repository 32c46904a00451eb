package io.jresnet.cli;

import com.google.inject.Inject;
import io.jresnet.JresnetException;
import io.jresnet.backend.Backend;
import io.jresnet.graph.Graph;
import io.jresnet.io.HostTensor;
import io.jresnet.io.Npy;
import io.jresnet.models.ModelSpec;
import io.jresnet.models.ResNetBuilder;
import io.jresnet.nn.Mode;
import io.jresnet.nn.Model;
import io.jresnet.nn.Parameters;
import io.jresnet.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code resnet infer}: runs a model on a tensor file and writes its final output, with no preprocessing. The input
 * is float32 NHWC {@code [N, H, W, C]}; the model runs at that H and W (C must be the model's); the output is
 * {@code [N, classes]}: logits for torchvision-layout models, probabilities where the spec's head ends in a softmax.
 */
@Command(
    name = "infer",
    mixinStandardHelpOptions = true,
    description = "Run a model on an NHWC .npy tensor and write its output [N, classes] as .npy.")
final class InferCommand implements Callable<Integer> {
  @Mixin private TrainedModelOptions trainedModel;

  @Option(
      names = "--input",
      required = true,
      paramLabel = "x.npy",
      description = "float32 NHWC input [N, H, W, C]; the model runs at this H and W.")
  private Path input;

  @Option(names = "--output", required = true, paramLabel = "y.npy", description = "Where to write [N, classes].")
  private Path output;

  @Spec private CommandSpec spec;

  private final BackendOpener backends;

  @Inject
  InferCommand(BackendOpener backends) {
    this.backends = backends;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ModelSpec modelSpec = trainedModel.resolveModel();
    HostTensor x = Npy.read(input);
    requireNhwc(x, modelSpec);
    Graph graph = ResNetBuilder.build(modelSpec.withInput(x.shape().dim(1), x.shape().dim(2), x.shape().dim(3)));
    // Every tensor is checked and read before a backend is chosen, so a wrong file fails fast.
    TrainedModelOptions.HostWeights hostWeights = trainedModel.readWeights(graph);
    HostTensor y;
    long nanos;
    String backendName;
    try (Backend backend = backends.open(spec.commandLine().getErr());
        Parameters parameters = hostWeights.upload(backend);
        Model network = Model.bindForInference(graph, backend, parameters);
        Tensor xOnBackend = backend.fromHost(x.data(), x.shape())) {
      backendName = backend.info().name() + ", " + backend.info().threads() + " threads";
      long start = System.nanoTime();
      try (Tensor result = network.forward(xOnBackend, Mode.EVAL)) {
        y = new HostTensor(result.shape(), result.copyToHost());
      }
      nanos = System.nanoTime() - start;
    }
    Npy.write(output, y);
    out.printf(
        Locale.ROOT,
        "infer %s: %s %s -> %s %s in %.1f ms (%s)%n",
        modelSpec.name(), input, x.shape(), output, y.shape(), nanos / 1e6, backendName);
    out.flush();
    return ExitCode.OK;
  }

  private void requireNhwc(HostTensor x, ModelSpec modelSpec) {
    int channels = modelSpec.input().channels();
    if (x.shape().rank() != 4) {
      throw new JresnetException(
          input + ": expected a float32 NHWC array [N, H, W, " + channels + "], got shape " + x.shape());
    }
    if (x.shape().dim(3) != channels) {
      throw new JresnetException(
          input + ": has " + x.shape().dim(3) + " channels (last axis of " + x.shape() + ") but " + modelSpec.name()
              + " takes " + channels + "; the layout is NHWC [N, H, W, C]");
    }
    if (x.shape().elementCount() == 0) {
      throw new JresnetException(input + ": holds no data (shape " + x.shape() + ")");
    }
  }
}
