package io.jresnet.cli;

import com.google.inject.Inject;
import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendInfo;
import io.jresnet.models.experiment.Checkpoint;
import io.jresnet.models.experiment.CheckpointStore;
import io.jresnet.models.experiment.Experiment;
import io.jresnet.models.experiment.ExperimentReader;
import io.jresnet.models.experiment.Trainer;
import io.jresnet.models.experiment.TrainingResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code resnet train EXPERIMENT.json [--resume DIR]}: trains as the experiment file says, with a progress bar per
 * epoch, an evaluation, a checkpoint, {@code metrics.csv} and the learning curve after each.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train a model as an experiment file describes; checkpoints, metrics.csv and curve.png go to its"
        + " output folder.")
final class TrainCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "EXPERIMENT.json", description = "The experiment file (see examples/).")
  private Path experimentFile;

  @Option(
      names = "--resume",
      paramLabel = "DIR",
      description = "Continue from a checkpoint folder, or from the latest checkpoint of a run's output folder.")
  private Path resume;

  @Spec private CommandSpec spec;

  private final ExperimentBackend backends;

  @Inject
  TrainCommand(ExperimentBackend backends) {
    this.backends = backends;
  }

  @Override
  public Integer call() {
    Experiment experiment = ExperimentReader.read(experimentFile);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Optional<Path> from = Optional.ofNullable(resume).map(r -> CheckpointStore.resolve(r, CheckpointStore.LATEST));
    Optional<Checkpoint> checkpoint = from.map(CheckpointStore::load);
    train(experiment, checkpoint, from, backends, out, err);
    return ExitCode.OK;
  }

  /** Runs {@code experiment} and prints its header, epoch lines and summary (shared with {@code resnet demo}). */
  static TrainingResult train(
      Experiment experiment,
      Optional<Checkpoint> checkpoint,
      Optional<Path> from,
      ExperimentBackend backends,
      PrintWriter out,
      PrintWriter err) {
    Progress progress = Progress.onStderr(err);
    try (Backend backend = backends.open(experiment, err)) {
      out.println(header(experiment, backend.info()));
      from.ifPresent(
          dir -> out.println("resuming from " + dir + " after epoch " + checkpoint.orElseThrow().state().epoch()));
      out.flush();
      TrainingResult result =
          new Trainer(experiment, backend, new TrainingProgress(out, progress)).run(checkpoint);
      progress.clear();
      printSummary(out, result);
      return result;
    } finally {
      progress.clear();
    }
  }

  static String header(Experiment e, BackendInfo info) {
    return String.format(
        Locale.ROOT,
        "train %s: %s (%dx%dx%d, %d classes) | %s lr %s, %d epochs, batch %d, seed %d | backend %s (%s, %d threads)"
            + " | output %s",
        e.name(), e.model().name(), e.model().input().height(), e.model().input().width(),
        e.model().input().channels(), e.model().head().classes(), e.optimizer().kind().jsonName(),
        e.optimizer().lr(), e.epochs(), e.batchSize(), e.seed(), info.name(), info.device(), info.threads(),
        e.output());
  }

  private static void printSummary(PrintWriter out, TrainingResult result) {
    var last = result.last();
    var best = result.history().stream().max((a, b) -> Double.compare(a.valAccuracy(), b.valAccuracy())).orElse(last);
    out.printf(
        Locale.ROOT,
        "test accuracy %.2f%% after epoch %d (best %.2f%% after epoch %d)%n", 100 * last.valAccuracy(),
        last.epoch(), 100 * best.valAccuracy(), best.epoch());
    out.println("checkpoint: " + result.latest() + " (best: " + result.best() + ")");
    out.println("metrics: " + result.metricsCsv());
    out.println("learning curve: " + result.learningCurve());
    out.flush();
  }
}
