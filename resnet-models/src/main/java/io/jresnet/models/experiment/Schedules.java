package io.jresnet.models.experiment;

import io.jresnet.train.ConstantLr;
import io.jresnet.train.CosineLr;
import io.jresnet.train.LinearWarmup;
import io.jresnet.train.LrSchedule;
import io.jresnet.train.MultiStepLr;
import io.jresnet.train.OneCycleLr;
import io.jresnet.train.StepLr;

/** Builds the {@link LrSchedule} a {@link ScheduleSpec} names, in optimizer steps. */
public final class Schedules {
  /** Where a warm-up starts, as a fraction of the rate it leads to (PyTorch's {@code LinearLR} default is 1/3). */
  static final double WARMUP_START_FACTOR = 0.01;
  /** One-cycle's last rate is {@code lr / divFactor / this} (PyTorch's default). */
  static final double ONE_CYCLE_FINAL_DIV_FACTOR = 1e4;

  private Schedules() {}

  /**
   * The schedule for a run of {@code epochs} epochs of {@code stepsPerEpoch} steps each, starting from {@code lr}.
   * A warm-up takes its epochs first; the schedule behind it spans the remaining ones.
   */
  public static LrSchedule create(ScheduleSpec spec, double lr, int epochs, long stepsPerEpoch) {
    long warmupSteps = spec.warmupEpochs() * stepsPerEpoch;
    long mainSteps = (epochs - spec.warmupEpochs()) * stepsPerEpoch;
    LrSchedule main =
        switch (spec.kind()) {
          case CONSTANT -> new ConstantLr(lr);
          case STEP -> new StepLr(lr, stepsPerEpoch, spec.stepEpochs(), spec.gamma());
          case MULTI_STEP -> new MultiStepLr(lr, stepsPerEpoch, spec.milestones(), spec.gamma());
          case COSINE -> new CosineLr(lr, mainSteps, Math.min(spec.minLr(), lr));
          case ONE_CYCLE ->
              new OneCycleLr(
                  lr, Math.max(2, mainSteps), spec.pctStart(), spec.divFactor(), ONE_CYCLE_FINAL_DIV_FACTOR, false);
        };
    return warmupSteps > 0 ? new LinearWarmup(main, warmupSteps, WARMUP_START_FACTOR) : main;
  }
}
