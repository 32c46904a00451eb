package io.jresnet.cli;

import com.google.inject.Inject;
import io.jresnet.JresnetException;
import io.jresnet.backend.Backend;
import io.jresnet.graph.Graph;
import io.jresnet.graph.GraphJson;
import io.jresnet.io.AtomicFiles;
import io.jresnet.models.ModelSpec;
import io.jresnet.models.ResNetBuilder;
import io.jresnet.models.interop.TorchvisionWeights;
import io.jresnet.models.interop.onnx.OnnxExporter;
import io.jresnet.nn.Initializer;
import io.jresnet.nn.ParameterSpec;
import io.jresnet.nn.Parameters;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code resnet export}: writes a model in a form other tools read. {@code safetensors} writes its weights in
 * torchvision's layout, {@code onnx} the graph with its weights as an ONNX model (NCHW input, opset 13); the weights
 * are re-exported from {@code --weights} (checked against the model as on import), or freshly initialised with the
 * spec's initializer from {@code --seed}, so that {@code infer} and {@code predict} (or ONNX Runtime) can be tried
 * without downloading weights. {@code json} writes the graph IR the model expands to. All replace the output file
 * atomically: a failed export leaves the previous file.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Write a model's weights (torchvision-layout safetensors), its graph (JSON), or both (ONNX).",
      "Without --weights the weights are freshly initialised with the model's initializer from --seed."
    })
final class ExportCommand implements Callable<Integer> {
  /** Fresh weights without {@code --seed} are the same on every run: the ResNet paper's date, as bench's seed. */
  static final long DEFAULT_SEED = 20151210L;

  @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Zoo name or JSON spec file.")
  private String model;

  @Option(
      names = "--weights",
      paramLabel = "W.safetensors",
      description = "Weights to re-export, in torchvision layout (default: freshly initialised).")
  private Path weights;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "" + DEFAULT_SEED,
      description = "Seed of freshly initialised weights (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(
      names = "--size",
      paramLabel = "HxW",
      converter = ImageSizeConverter.class,
      description = "Input height and width (default: the model's).")
  private ImageSize size;

  @Option(
      names = "--format",
      required = true,
      paramLabel = "FORMAT",
      converter = ExportFormat.Converter.class,
      completionCandidates = ExportFormat.Candidates.class,
      description = "What to write: ${COMPLETION-CANDIDATES}.")
  private ExportFormat format;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The file to write.")
  private Path output;

  @Spec private CommandSpec spec;

  private final BackendOpener backends;

  @Inject
  ExportCommand(BackendOpener backends) {
    this.backends = backends;
  }

  @Override
  public Integer call() {
    requireOptionsFitTheFormat();
    ModelSpec modelSpec = ModelArgument.resolve(model, size);
    Graph graph = ResNetBuilder.build(modelSpec);
    // Checked before the weights are read or drawn, which takes seconds for the larger models.
    requireWritableOutput();
    String written =
        switch (format) {
          case SAFETENSORS -> exportWeights(modelSpec, graph, TorchvisionWeights::save);
          case ONNX ->
              "ONNX opset " + OnnxExporter.OPSET_VERSION + ", graph of " + graph.nodes().size() + " nodes, "
                  + exportWeights(modelSpec, graph, (file, parameters) -> OnnxExporter.write(graph, parameters, file));
          case JSON -> exportGraph(graph);
        };
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "export %s: %s (%s)%n", modelSpec.name(), output, written);
    out.flush();
    return ExitCode.OK;
  }

  private void requireOptionsFitTheFormat() {
    boolean seedGiven = spec.commandLine().getParseResult().hasMatchedOption("--seed");
    if (format == ExportFormat.JSON && (weights != null || seedGiven)) {
      throw new ParameterException(
          spec.commandLine(),
          (weights != null ? "--weights" : "--seed") + " applies to --format safetensors and onnx only (a graph"
              + " holds no weights)");
    }
    if (weights != null && seedGiven) {
      throw new ParameterException(
          spec.commandLine(), "--seed draws fresh weights, so it cannot be combined with --weights");
    }
  }

  private void requireWritableOutput() {
    Path directory = output.toAbsolutePath().getParent();
    String problem = null;
    if (Files.isDirectory(output)) {
      problem = "it is a directory";
    } else if (directory != null && !Files.exists(directory)) {
      problem = "directory " + directory + " does not exist";
    } else if (directory != null && !Files.isDirectory(directory)) {
      problem = directory + " is not a directory";
    } else if (directory != null && !Files.isWritable(directory)) {
      problem = "directory " + directory + " is not writable";
    }
    if (problem != null) {
      throw new JresnetException(output + ": cannot write: " + problem);
    }
  }

  /** Writes a file of the model's weights. */
  @FunctionalInterface
  private interface WeightsWriter {
    void write(Path file, Parameters parameters);
  }

  /**
   * Reads or draws the weights, writes them with {@code writer}, and returns what the summary line says about them:
   * the output's size, then their origin.
   */
  private String exportWeights(ModelSpec modelSpec, Graph graph, WeightsWriter writer) {
    List<ParameterSpec> parameterSpecs = Parameters.specs(graph);
    // A re-export reads and checks every tensor before a backend is chosen, so a wrong file fails fast.
    Map<String, float[]> canonical = weights == null ? null : TorchvisionWeights.read(weights, parameterSpecs);
    Initializer initializer = Initializer.named(modelSpec.init().jsonName());
    PrintWriter err = spec.commandLine().getErr();
    Progress progress = Progress.onStderr(err);
    try (Backend backend = backends.open(err)) {
      progress.show(
          canonical == null
              ? "initialising " + graph.name() + " weights (" + initializer.schemeName() + ")"
              : "converting " + weights);
      try (Parameters parameters =
          canonical == null
              ? Parameters.allocate(parameterSpecs, backend, initializer, seed)
              : Parameters.fromHost(parameterSpecs, backend, canonical)) {
        progress.show("writing " + output);
        writer.write(output, parameters);
      }
    } finally {
      progress.clear();
    }
    String origin =
        canonical == null
            ? initializer.schemeName() + " initialisation, seed " + seed
            : "weights from " + weights;
    return parameterSpecs.size() + " tensors, " + fileSize() + "; " + origin;
  }

  /** Writes the graph and returns what the summary line says about it. */
  private String exportGraph(Graph graph) {
    try {
      AtomicFiles.write(output, GraphJson.write(graph).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new JresnetException(output + ": cannot write: " + CliErrors.describe(e), e);
    }
    return "graph of " + graph.nodes().size() + " nodes, " + fileSize();
  }

  /** The output file's size in decimal units, as file managers show it. */
  private String fileSize() {
    long bytes;
    try {
      bytes = Files.size(output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (bytes < 1000) {
      return bytes + " bytes";
    }
    return bytes < 1_000_000
        ? String.format(Locale.ROOT, "%.1f kB", bytes / 1e3)
        : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
