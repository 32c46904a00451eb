package io.jresnet.models.experiment;

import java.util.List;

/**
 * Everything besides weights and optimizer buffers that a run needs to continue exactly where a checkpoint left it
 * ({@code state.json}). Shuffling and augmentation draw from streams derived from the seed and the epoch, so the
 * seed and the epoch are the whole random state.
 *
 * @param epoch completed epochs (the run continues with epoch {@code epoch + 1})
 * @param step optimizer steps taken so far (Adam's bias correction and per-step schedules use it)
 * @param seed the experiment's seed
 * @param lr the learning rate of the last step taken
 * @param bestEpoch the epoch with the best test accuracy so far (0 before any)
 * @param bestAccuracy that accuracy (0 before any)
 * @param history one entry per completed epoch, in order
 */
public record TrainingState(
    int epoch, long step, long seed, double lr, int bestEpoch, double bestAccuracy, List<EpochMetrics> history) {
  public TrainingState {
    history = List.copyOf(history);
    if (epoch < 0 || step < 0 || bestEpoch < 0 || bestEpoch > epoch) {
      throw new IllegalArgumentException(
          "need 0 <= best epoch <= epoch and step >= 0, got best " + bestEpoch + ", epoch " + epoch + ", step "
              + step);
    }
    if (history.size() != epoch) {
      throw new IllegalArgumentException("history has " + history.size() + " epochs, the state " + epoch);
    }
  }

  /** Before the first step. */
  public static TrainingState start(long seed, double lr) {
    return new TrainingState(0, 0, seed, lr, 0, 0, List.of());
  }
}
