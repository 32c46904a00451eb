package io.jresnet.models.experiment;

import java.util.List;
import java.util.Objects;

/**
 * The learning-rate schedule, in epochs; fields that do not apply to the {@link #kind()} hold defaults and are
 * ignored.
 *
 * @param kind the schedule's shape
 * @param warmupEpochs linear warm-up from near zero to the schedule's value over this many first epochs (0: none)
 * @param stepEpochs {@link ScheduleKind#STEP}: epochs between decays, >= 1
 * @param milestones {@link ScheduleKind#MULTI_STEP}: epochs (strictly increasing) after which the rate decays
 * @param gamma step and multi-step: the factor of each decay, in (0, 1]
 * @param minLr cosine: the final rate, >= 0
 * @param divFactor one-cycle: the start rate is {@code lr / divFactor}, >= 1
 * @param pctStart one-cycle: the fraction of the run spent rising, in (0, 1)
 */
public record ScheduleSpec(
    ScheduleKind kind,
    int warmupEpochs,
    int stepEpochs,
    List<Integer> milestones,
    double gamma,
    double minLr,
    double divFactor,
    double pctStart) {
  public ScheduleSpec {
    Objects.requireNonNull(kind, "kind");
    milestones = List.copyOf(milestones);
    if (warmupEpochs < 0 || stepEpochs < 1) {
      throw new IllegalArgumentException(
          "need warm-up epochs >= 0 and step epochs >= 1; got " + warmupEpochs + ", " + stepEpochs);
    }
    for (int i = 1; i < milestones.size(); i++) {
      if (milestones.get(i) <= milestones.get(i - 1)) {
        throw new IllegalArgumentException("milestones must increase strictly, got " + milestones);
      }
    }
    if (!(gamma > 0 && gamma <= 1) || !(minLr >= 0) || !(divFactor >= 1) || !(pctStart > 0 && pctStart < 1)) {
      throw new IllegalArgumentException(
          "need gamma in (0, 1], min lr >= 0, div factor >= 1, pct start in (0, 1); got " + gamma + ", " + minLr
              + ", " + divFactor + ", " + pctStart);
    }
  }

  /** The base rate throughout, no warm-up. */
  public static ScheduleSpec constant() {
    return new ScheduleSpec(ScheduleKind.CONSTANT, 0, 1, List.of(), 0.1, 0, 25, 0.3);
  }
}
