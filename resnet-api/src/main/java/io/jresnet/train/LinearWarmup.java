package io.jresnet.train;

import java.util.Objects;

/**
 * A linear warm-up in front of another schedule, as PyTorch's {@code SequentialLR([LinearLR(start_factor,
 * end_factor=1, total_iters=warmupSteps), after], milestones=[warmupSteps])}: for {@code step < warmupSteps} the
 * rate is {@code after.lr(0) * (startFactor + (1 - startFactor) * step / warmupSteps)}; from then on {@code
 * after.lr(step - warmupSteps)}, so the wrapped schedule starts afresh when the warm-up ends (an epoch-based one is
 * shifted by the warm-up's steps).
 *
 * @param startFactor the fraction of {@code after.lr(0)} at step 0, in {@code [0, 1]}
 */
public record LinearWarmup(LrSchedule after, long warmupSteps, double startFactor) implements LrSchedule {
  public LinearWarmup {
    Objects.requireNonNull(after, "linear warm-up: the schedule after the warm-up");
    HyperParameters.requirePositive("linear warm-up: warm-up steps", warmupSteps);
    if (!(startFactor >= 0 && startFactor <= 1)) {
      throw new IllegalArgumentException("linear warm-up: start factor must be in [0, 1], got " + startFactor);
    }
  }

  @Override
  public double lr(long step) {
    HyperParameters.requireStep("linear warm-up", step);
    if (step >= warmupSteps) {
      return after.lr(step - warmupSteps);
    }
    return after.lr(0) * (startFactor + (1 - startFactor) * step / warmupSteps);
  }
}
