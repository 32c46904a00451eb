package io.jresnet.models.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jresnet.train.LrSchedule;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulesTest {
  private static final long STEPS = 10;

  private static LrSchedule schedule(ScheduleSpec spec, int epochs) {
    return Schedules.create(spec, 0.1, epochs, STEPS);
  }

  @Test
  void warmupRisesLinearlyThenHandsOverToACosineOverTheRemainingEpochs() {
    LrSchedule s = schedule(new ScheduleSpec(ScheduleKind.COSINE, 1, 1, List.of(), 0.1, 0.001, 25, 0.3), 5);
    assertEquals(0.1 * Schedules.WARMUP_START_FACTOR, s.lr(0), 1e-12);
    assertEquals(0.1 * (0.01 + 0.99 * 0.5), s.lr(5), 1e-12);
    assertEquals(0.1, s.lr(10), 1e-12);
    assertEquals(0.001 + (0.1 - 0.001) / 2, s.lr(10 + 20), 1e-12);
    assertEquals(0.001, s.lr(50), 1e-12);
  }

  @Test
  void epochBasedDecaysHappenAtEpochBoundaries() {
    LrSchedule multi = schedule(new ScheduleSpec(ScheduleKind.MULTI_STEP, 0, 1, List.of(2, 3), 0.5, 0, 25, 0.3), 4);
    assertEquals(0.1, multi.lr(19), 1e-12);
    assertEquals(0.05, multi.lr(20), 1e-12);
    assertEquals(0.025, multi.lr(30), 1e-12);
    LrSchedule step = schedule(new ScheduleSpec(ScheduleKind.STEP, 0, 2, List.of(), 0.1, 0, 25, 0.3), 4);
    assertEquals(0.1, step.lr(19), 1e-12);
    assertEquals(0.01, step.lr(20), 1e-12);
    assertEquals(0.1, schedule(ScheduleSpec.constant(), 4).lr(39), 1e-12);
  }

  @Test
  void oneCycleStartsLowPeaksAndEndsLower() {
    LrSchedule s = schedule(new ScheduleSpec(ScheduleKind.ONE_CYCLE, 0, 1, List.of(), 0.1, 0, 25, 0.25), 4);
    assertEquals(0.1 / 25, s.lr(0), 1e-12);
    assertEquals(0.1, s.lr(9), 1e-12);
    assertEquals(0.1 / 25 / Schedules.ONE_CYCLE_FINAL_DIV_FACTOR, s.lr(39), 1e-12);
  }
}
