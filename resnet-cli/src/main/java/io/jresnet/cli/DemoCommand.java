package io.jresnet.cli;

import com.google.inject.Inject;
import io.jresnet.JresnetException;
import io.jresnet.models.experiment.Experiment;
import io.jresnet.models.experiment.ExperimentReader;
import io.jresnet.models.experiment.TrainingResult;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code resnet demo}: trains resnet20, adapted to 28x28x1, on the Fashion-MNIST subset bundled under
 * {@code examples/data/}, as {@code examples/fashion-mnist-subset.json} says, then reports the test accuracy and
 * where the learning curve and the checkpoint are.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Train resnet20 on the bundled Fashion-MNIST subset (a few minutes on 2 cores) and report the test"
        + " accuracy, the learning curve and the checkpoint.")
final class DemoCommand implements Callable<Integer> {
  /** The demo's experiment, relative to the repository root. */
  static final String EXPERIMENT = "examples/fashion-mnist-subset.json";

  @Option(
      names = "--output",
      paramLabel = "DIR",
      defaultValue = "runs/demo",
      description = "Where checkpoints, metrics.csv and curve.png go (default: ${DEFAULT-VALUE}).")
  private Path output;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      converter = IntConverters.Positive.class,
      description = "Epochs to train (default: the experiment's).")
  private Integer epochs;

  @Option(
      names = "--experiment",
      paramLabel = "FILE",
      description = "Another experiment file to run (default: " + EXPERIMENT + " of this jresnet).")
  private Path experimentFile;

  @Spec private CommandSpec spec;

  private final ExperimentBackend backends;

  @Inject
  DemoCommand(ExperimentBackend backends) {
    this.backends = backends;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Path file = experimentFile != null ? experimentFile : findExperiment();
    Experiment experiment = ExperimentReader.read(file).withOutput(output.toAbsolutePath().normalize());
    if (epochs != null) {
      try {
        experiment = experiment.withEpochs(epochs);
      } catch (IllegalArgumentException e) {
        throw new JresnetException("--epochs " + epochs + " does not fit " + file + ": " + e.getMessage());
      }
    }
    TrainingResult result =
        TrainCommand.train(
            experiment, Optional.empty(), Optional.empty(), backends, out, spec.commandLine().getErr());
    out.printf(
        Locale.ROOT,
        "%ndemo done: %s reached %.2f%% test accuracy on %s in %d epochs.%n"
            + "Open %s for the learning curve; evaluate the checkpoint with%n"
            + "  ./resnet eval %s --checkpoint %s%n",
        experiment.model().name(), 100 * result.last().valAccuracy(), experiment.name(), result.history().size(),
        result.learningCurve(), file, output);
    out.flush();
    return ExitCode.OK;
  }

  /** The bundled experiment: under the working folder, else under the jresnet checkout this CLI was built in. */
  private static Path findExperiment() {
    List<Path> candidates = new ArrayList<>();
    candidates.add(Path.of(EXPERIMENT));
    repositoryRoot().ifPresent(root -> candidates.add(root.resolve(EXPERIMENT)));
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new JresnetException(
        "cannot find " + EXPERIMENT + " (looked in " + candidates + "); run the demo from the jresnet checkout or"
            + " give --experiment FILE");
  }

  /** The checkout the CLI runs from: its classes are {@code resnet-cli/target/classes} or a jar beside them. */
  private static Optional<Path> repositoryRoot() {
    try {
      var source = DemoCommand.class.getProtectionDomain().getCodeSource();
      if (source == null) {
        return Optional.empty();
      }
      Path target = Path.of(source.getLocation().toURI()).getParent();
      return Optional.ofNullable(target).map(Path::getParent).map(Path::getParent);
    } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
      return Optional.empty();
    }
  }
}
