package io.jresnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Behaviour past the ends of a schedule, and every rejected configuration with its message. */
class LrScheduleTest {
  @Test
  void cosineHoldsItsFloorAfterTheLastStep() {
    CosineLr cosine = new CosineLr(0.1, 10, 0.002);
    assertEquals(0.002, cosine.lr(10), 1e-15);
    assertEquals(0.002, cosine.lr(11), 1e-15);
    assertEquals(0.002, cosine.lr(1_000_000), 1e-15);
  }

  @Test
  void oneCycleHoldsItsMinimumAfterTheLastStep() {
    OneCycleLr cycle = OneCycleLr.of(0.1, 20);
    double min = 0.1 / 25 / 1e4;
    assertEquals(min, cycle.lr(19), 1e-15);
    assertEquals(min, cycle.lr(20), 1e-15);
    assertEquals(min, cycle.lr(500), 1e-15);
    assertEquals(0.1 / 25, cycle.lr(0), 1e-15);
  }

  @Test
  void warmupShiftsAnEpochBasedScheduleByItsSteps() {
    LrSchedule warm = new LinearWarmup(new StepLr(0.1, 4, 1, 0.5), 2, 0.5);
    assertEquals(0.05, warm.lr(0), 1e-15);
    assertEquals(0.075, warm.lr(1), 1e-15);
    assertEquals(0.1, warm.lr(2), 1e-15);
    assertEquals(0.1, warm.lr(5), 1e-15);
    assertEquals(0.05, warm.lr(6), 1e-15);
  }

  @Test
  void warmupFromZeroStartsAtZero() {
    LrSchedule warm = new LinearWarmup(new ConstantLr(0.3), 3, 0);
    assertEquals(0, warm.lr(0));
    assertEquals(0.1, warm.lr(1), 1e-15);
    assertEquals(0.3, warm.lr(3), 1e-15);
  }

  @Test
  void aNegativeStepIsRejectedByEverySchedule() {
    List<LrSchedule> all =
        List.of(
            new ConstantLr(0.1),
            new StepLr(0.1, 10, 2, 0.1),
            new MultiStepLr(0.1, 10, List.of(3), 0.1),
            new CosineLr(0.1, 100, 0),
            new LinearWarmup(new ConstantLr(0.1), 5, 0.1),
            OneCycleLr.of(0.1, 100));
    for (LrSchedule s : all) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.lr(-1));
      assertEquals(true, e.getMessage().endsWith(": the step must be >= 0, got -1"), e.getMessage());
    }
  }

  @Test
  void badConfigurationsAreRejectedWithTheValueReceived() {
    rejects(() -> new ConstantLr(-0.1), "constant schedule: base lr must be finite and >= 0, got -0.1");
    rejects(() -> new ConstantLr(Double.NaN), "constant schedule: base lr must be finite and >= 0, got NaN");
    rejects(() -> new StepLr(0.1, 0, 2, 0.1), "step schedule: steps per epoch must be > 0, got 0");
    rejects(() -> new StepLr(0.1, 10, 0, 0.1), "step schedule: every_epochs must be > 0, got 0");
    rejects(() -> new StepLr(0.1, 10, 2, 0), "step schedule: gamma must be finite and > 0, got 0.0");
    rejects(
        () -> new MultiStepLr(0.1, 10, List.of(3, 3), 0.1),
        "multi-step schedule: milestones must be epochs > 0 in strictly increasing order, got [3, 3] (at index 1)");
    rejects(
        () -> new MultiStepLr(0.1, 10, List.of(0), 0.1),
        "multi-step schedule: milestones must be epochs > 0 in strictly increasing order, got [0] (at index 0)");
    rejects(() -> new CosineLr(0.1, 0, 0), "cosine schedule: total steps must be > 0, got 0");
    rejects(() -> new CosineLr(0.1, 10, 0.2), "cosine schedule: the floor lr 0.2 is above the base lr 0.1");
    rejects(
        () -> new LinearWarmup(new ConstantLr(0.1), 5, 1.5),
        "linear warm-up: start factor must be in [0, 1], got 1.5");
    rejects(() -> new LinearWarmup(new ConstantLr(0.1), 0, 0.5), "linear warm-up: warm-up steps must be > 0, got 0");
    rejects(() -> OneCycleLr.of(0.1, 1), "one-cycle schedule: total steps must be >= 2, got 1");
    rejects(
        () -> new OneCycleLr(0.1, 100, 0.5, 25, 1e4, true),
        "one-cycle schedule: pct_start must be in (0, 0.5) with three phases, got 0.5");
    rejects(
        () -> new OneCycleLr(0.1, 100, 1.0, 25, 1e4, false),
        "one-cycle schedule: pct_start must be in (0, 1), got 1.0");
    rejects(
        () -> new OneCycleLr(0.1, 3, 0.3, 25, 1e4, false),
        "one-cycle schedule: the rising phase (pct_start 0.3 x total steps 3) must span more than one step");
    rejects(
        () -> new OneCycleLr(0.1, 100, 0.3, 0, 1e4, false),
        "one-cycle schedule: div_factor must be finite and > 0, got 0.0");
  }

  private static void rejects(Executable construct, String message) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, construct).getMessage());
  }
}
