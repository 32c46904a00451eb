package io.jresnet.models.experiment;

import io.jresnet.models.ModelSpec;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One training run as an experiment JSON file describes it (read with {@link ExperimentReader}): the model, the
 * data, the optimizer and schedule, and where results go. Paths are absolute.
 *
 * @param file the experiment file (or another name of the document), for messages
 * @param name the run's name, for humans
 * @param model the model spec with the experiment's overrides (input size, channels, classes) applied
 * @param modelSource the zoo name or spec path the model came from
 * @param data the training and test data
 * @param optimizer the optimizer and its hyper-parameters
 * @param schedule the learning-rate schedule
 * @param epochs passes over the training data, >= 1
 * @param batchSize images per training step, >= 1 (the last, smaller batch of an epoch is kept)
 * @param seed seeds the initial weights, the shuffling and the augmentation
 * @param labelSmoothing in [0, 1)
 * @param backend {@code auto} or a backend name ({@code cpu}, {@code cuda})
 * @param output the folder for checkpoints, {@code metrics.csv} and the learning curve
 * @param keepCheckpoints how many epoch checkpoints to keep (older ones are deleted), >= 1
 */
public record Experiment(
    String file,
    String name,
    ModelSpec model,
    String modelSource,
    DataSpec data,
    OptimizerSpec optimizer,
    ScheduleSpec schedule,
    int epochs,
    int batchSize,
    long seed,
    double labelSmoothing,
    String backend,
    Path output,
    int keepCheckpoints) {
  public Experiment {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(modelSource, "modelSource");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(schedule, "schedule");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(output, "output");
    if (epochs < 1 || batchSize < 1 || keepCheckpoints < 1) {
      throw new IllegalArgumentException(
          "need epochs, batch size and kept checkpoints >= 1; got " + epochs + ", " + batchSize + ", "
              + keepCheckpoints);
    }
    if (schedule.warmupEpochs() >= epochs
        || schedule.milestones().stream().anyMatch(m -> m >= epochs)
        || schedule.stepEpochs() > epochs) {
      throw new IllegalArgumentException(
          "the schedule's warm-up, milestones and step must lie within the " + epochs + " epochs");
    }
    if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
      throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + labelSmoothing);
    }
    if (data.augmentation().mean().size() != model.input().channels()) {
      throw new IllegalArgumentException(
          "normalisation has " + data.augmentation().mean().size() + " channels, the model's input "
              + model.input().channels());
    }
  }

  /** The same experiment writing to another folder (e.g. the CLI's {@code --output}). */
  public Experiment withOutput(Path newOutput) {
    return new Experiment(
        file, name, model, modelSource, data, optimizer, schedule, epochs, batchSize, seed, labelSmoothing, backend,
        newOutput, keepCheckpoints);
  }

  /** The same experiment for another number of epochs. */
  public Experiment withEpochs(int newEpochs) {
    return new Experiment(
        file, name, model, modelSource, data, optimizer, schedule, newEpochs, batchSize, seed, labelSmoothing,
        backend, output, keepCheckpoints);
  }
}
