package io.jresnet.train;

/**
 * Cosine annealing from {@code baseLr} at step 0 to {@code floorLr} at {@code totalSteps}, as PyTorch's {@code
 * CosineAnnealingLR(T_max=totalSteps, eta_min=floorLr)} stepped once per optimizer step: {@code lr = floor +
 * (base - floor) * (1 + cos(pi * step / totalSteps)) / 2}. Past {@code totalSteps} it stays at the floor (PyTorch's
 * would rise again, a restart nobody asked for).
 */
public record CosineLr(double baseLr, long totalSteps, double floorLr) implements LrSchedule {
  public CosineLr {
    HyperParameters.requireNonNegative("cosine schedule: base lr", baseLr);
    HyperParameters.requirePositive("cosine schedule: total steps", totalSteps);
    HyperParameters.requireNonNegative("cosine schedule: floor lr", floorLr);
    if (floorLr > baseLr) {
      throw new IllegalArgumentException(
          "cosine schedule: the floor lr " + floorLr + " is above the base lr " + baseLr);
    }
  }

  @Override
  public double lr(long step) {
    HyperParameters.requireStep("cosine schedule", step);
    long t = Math.min(step, totalSteps);
    return floorLr + (baseLr - floorLr) * (1 + Math.cos(Math.PI * t / totalSteps)) / 2;
  }
}
