package io.jresnet.train;

/**
 * The one-cycle policy with cosine annealing, as PyTorch's {@code OneCycleLR(max_lr, total_steps, pct_start,
 * anneal_strategy='cos', div_factor, final_div_factor, three_phase)} stepped once per optimizer step. It starts at
 * {@code maxLr / divFactor}, rises to {@code maxLr} by step {@code pctStart * totalSteps - 1}, then falls to {@code
 * maxLr / divFactor / finalDivFactor} at step {@code totalSteps - 1}; with {@code threePhase} it first falls back
 * to the initial rate by step {@code 2 * pctStart * totalSteps - 2} and only then to the minimum. Past the last step
 * it stays at the minimum (PyTorch raises an error there).
 */
public record OneCycleLr(
    double maxLr, long totalSteps, double pctStart, double divFactor, double finalDivFactor, boolean threePhase)
    implements LrSchedule {
  public OneCycleLr {
    HyperParameters.requireNonNegative("one-cycle schedule: max lr", maxLr);
    if (totalSteps < 2) {
      throw new IllegalArgumentException("one-cycle schedule: total steps must be >= 2, got " + totalSteps);
    }
    if (!(pctStart > 0 && pctStart < (threePhase ? 0.5 : 1))) {
      throw new IllegalArgumentException(
          "one-cycle schedule: pct_start must be in (0, " + (threePhase ? "0.5" : "1") + ")"
              + (threePhase ? " with three phases" : "") + ", got " + pctStart);
    }
    if (!(pctStart * totalSteps > 1)) {
      throw new IllegalArgumentException(
          "one-cycle schedule: the rising phase (pct_start " + pctStart + " x total steps " + totalSteps
              + ") must span more than one step");
    }
    HyperParameters.requirePositive("one-cycle schedule: div_factor", divFactor);
    HyperParameters.requirePositive("one-cycle schedule: final_div_factor", finalDivFactor);
  }

  /** PyTorch's defaults: 30% rising, div_factor 25, final_div_factor 1e4, two phases. */
  public static OneCycleLr of(double maxLr, long totalSteps) {
    return new OneCycleLr(maxLr, totalSteps, 0.3, 25, 1e4, false);
  }

  @Override
  public double lr(long step) {
    HyperParameters.requireStep("one-cycle schedule", step);
    double initial = maxLr / divFactor;
    double min = initial / finalDivFactor;
    // Phase ends as PyTorch computes them, in floating point: the peak need not fall on a whole step.
    double rising = pctStart * totalSteps - 1;
    double last = totalSteps - 1;
    double[] ends =
        threePhase ? new double[] {rising, 2 * pctStart * totalSteps - 2, last} : new double[] {rising, last};
    double[] from = threePhase ? new double[] {initial, maxLr, initial} : new double[] {initial, maxLr};
    double[] to = threePhase ? new double[] {maxLr, initial, min} : new double[] {maxLr, min};
    double t = Math.min(step, totalSteps - 1);
    double start = 0;
    for (int phase = 0; phase < ends.length; phase++) {
      if (t <= ends[phase] || phase == ends.length - 1) {
        return annealCos(from[phase], to[phase], (t - start) / (ends[phase] - start));
      }
      start = ends[phase];
    }
    throw new AssertionError("the last phase always returns");
  }

  private static double annealCos(double start, double end, double fraction) {
    return end + (start - end) / 2.0 * (Math.cos(Math.PI * fraction) + 1);
  }
}
