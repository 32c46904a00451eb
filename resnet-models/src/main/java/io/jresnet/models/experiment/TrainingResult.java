package io.jresnet.models.experiment;

import io.jresnet.train.ConfusionMatrix;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a finished {@link Trainer} run left behind.
 *
 * @param history one entry per epoch of the whole run (resumed epochs included)
 * @param confusion the confusion matrix of the last evaluation, rows actual and columns predicted classes
 * @param classNames the test data's class names (numbered when the data name none), at least as many as the matrix
 * @param latest the last epoch's checkpoint
 * @param best the checkpoint with the best test accuracy
 * @param metricsCsv the {@code metrics.csv} file
 * @param learningCurve the learning-curve PNG
 */
public record TrainingResult(
    List<EpochMetrics> history,
    ConfusionMatrix confusion,
    List<String> classNames,
    Path latest,
    Path best,
    Path metricsCsv,
    Path learningCurve) {
  public TrainingResult {
    history = List.copyOf(history);
    classNames = List.copyOf(classNames);
    Objects.requireNonNull(confusion, "confusion");
    Objects.requireNonNull(latest, "latest");
    Objects.requireNonNull(best, "best");
    Objects.requireNonNull(metricsCsv, "metricsCsv");
    Objects.requireNonNull(learningCurve, "learningCurve");
    if (history.isEmpty()) {
      throw new IllegalArgumentException("a finished run has at least one epoch");
    }
  }

  /** The last epoch's metrics. */
  public EpochMetrics last() {
    return history.getLast();
  }
}
