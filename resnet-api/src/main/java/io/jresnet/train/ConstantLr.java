package io.jresnet.train;

/** The same learning rate at every step (PyTorch: no scheduler). */
public record ConstantLr(double baseLr) implements LrSchedule {
  public ConstantLr {
    HyperParameters.requireNonNegative("constant schedule: base lr", baseLr);
  }

  @Override
  public double lr(long step) {
    HyperParameters.requireStep("constant schedule", step);
    return baseLr;
  }
}
