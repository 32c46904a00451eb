package io.jresnet.train;

/** The same learning rate at every step (PyTorch: no scheduler). */
public record ConstantLr(double lr) implements LrSchedule {
  public ConstantLr {
    HyperParameters.requireNonNegative("constant schedule: lr", lr);
  }

  @Override
  public double lr(long step) {
    LrSchedule.checkStep("constant schedule", step);
    return lr;
  }
}
