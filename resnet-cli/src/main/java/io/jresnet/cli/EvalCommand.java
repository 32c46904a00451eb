package io.jresnet.cli;

import com.google.inject.Inject;
import io.jresnet.backend.Backend;
import io.jresnet.graph.Graph;
import io.jresnet.models.data.Dataset;
import io.jresnet.models.experiment.Checkpoint;
import io.jresnet.models.experiment.CheckpointStore;
import io.jresnet.models.experiment.Evaluation;
import io.jresnet.models.experiment.Experiment;
import io.jresnet.models.experiment.ExperimentData;
import io.jresnet.models.experiment.ExperimentReader;
import io.jresnet.models.experiment.Trainer;
import io.jresnet.nn.Model;
import io.jresnet.nn.Parameters;
import io.jresnet.train.ClassificationMetrics;
import io.jresnet.train.SoftmaxCrossEntropy;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code resnet eval EXPERIMENT.json --checkpoint DIR}: the loss, top-1 and top-5 accuracy and the confusion matrix
 * of a checkpoint on the experiment's test data.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Evaluate a checkpoint on an experiment's test data: loss, top-1, top-5, confusion matrix.")
final class EvalCommand implements Callable<Integer> {
  @picocli.CommandLine.Parameters(
      index = "0",
      paramLabel = "EXPERIMENT.json",
      description = "The experiment file that trained it.")
  private Path experimentFile;

  @Option(
      names = "--checkpoint",
      required = true,
      paramLabel = "DIR",
      description = "A checkpoint folder, or a run's output folder (its best checkpoint).")
  private Path checkpointPath;

  @Spec private CommandSpec spec;

  private final ExperimentBackend backends;

  @Inject
  EvalCommand(ExperimentBackend backends) {
    this.backends = backends;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Experiment experiment = ExperimentReader.read(experimentFile);
    Path dir = CheckpointStore.resolve(checkpointPath, CheckpointStore.BEST);
    Checkpoint checkpoint = CheckpointStore.load(dir);
    Graph graph = Trainer.graph(experiment);
    checkpoint.requireGraph(graph, experiment.file());
    Dataset test = ExperimentData.open(experiment, false);
    int classes = experiment.model().head().classes();
    Progress progress = Progress.onStderr(err);
    ClassificationMetrics metrics;
    try (Backend backend = backends.open(experiment, err);
        Parameters parameters = Parameters.fromHost(graph, backend, checkpoint.weights());
        Model model = Model.bindForInference(graph.withoutFinalSoftmax(), backend, parameters)) {
      out.printf(
          Locale.ROOT, "eval %s: %s after epoch %d on %d test images | backend %s (%d threads)%n", experiment.name(),
          dir, checkpoint.state().epoch(), test.size(), backend.info().name(), backend.info().threads());
      out.flush();
      progress.show("evaluating on " + test.size() + " test images");
      metrics =
          Evaluation.run(
              model, ExperimentData.testLoader(experiment, test),
              new SoftmaxCrossEntropy((float) experiment.labelSmoothing()), classes);
    } finally {
      progress.clear();
    }
    out.printf(
        Locale.ROOT, "loss %.4f  top-1 %.2f%%  top-5 %.2f%%%n%n", metrics.loss(), 100 * metrics.top1(),
        100 * metrics.top5());
    out.print(metrics.confusion().toTable(labels(test.classNames(), classes)));
    out.flush();
    return ExitCode.OK;
  }

  /** The data's class names, numbered on for classes the data name none (a subset without every class). */
  static List<String> labels(List<String> names, int classes) {
    List<String> out = new ArrayList<>(names.subList(0, Math.min(names.size(), classes)));
    for (int c = out.size(); c < classes; c++) {
      out.add(Integer.toString(c));
    }
    return out;
  }
}
