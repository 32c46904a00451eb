package io.jresnet.models.experiment;

import java.nio.file.Path;

/**
 * Hears how a {@link Trainer} run goes, to draw progress (the CLI's bar) or log. Called on the training thread;
 * every method does nothing by default. An exception thrown from a listener stops the run as a crash would, after
 * the last complete checkpoint.
 */
public interface TrainingListener {
  /**
   * Once, before the first epoch of this run.
   *
   * @param firstEpoch the 1-based epoch the run starts with (later than 1 after a resume)
   */
  default void runStarted(Experiment experiment, int firstEpoch, int trainImages, int testImages) {}

  /** Before epoch {@code epoch} (1-based) of {@code epochs}, which has {@code batches} training batches. */
  default void epochStarted(int epoch, int epochs, int batches) {}

  /** After each training step. */
  default void batchFinished(BatchProgress progress) {}

  /** After the epoch's training steps, before its evaluation on {@code images} test images. */
  default void evaluationStarted(int epoch, int images) {}

  /** After the epoch's checkpoint was written to {@code checkpoint}; {@code best} when it has the best accuracy. */
  default void epochFinished(EpochMetrics metrics, Path checkpoint, boolean best) {}
}
