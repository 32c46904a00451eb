package io.jresnet.train;

/**
 * The base rate multiplied by {@code gamma} every {@code everyEpochs} epochs, as PyTorch's {@code StepLR} stepped
 * once per epoch: {@code lr = baseLr * gamma^floor(epoch / everyEpochs)} with {@code epoch = step /
 * stepsPerEpoch}.
 */
public record StepLr(double baseLr, long stepsPerEpoch, int everyEpochs, double gamma) implements LrSchedule {
  public StepLr {
    HyperParameters.requireNonNegative("step schedule: base lr", baseLr);
    HyperParameters.requirePositive("step schedule: steps per epoch", stepsPerEpoch);
    HyperParameters.requirePositive("step schedule: every_epochs", everyEpochs);
    HyperParameters.requirePositive("step schedule: gamma", gamma);
  }

  @Override
  public double lr(long step) {
    HyperParameters.requireStep("step schedule", step);
    long epoch = step / stepsPerEpoch;
    return baseLr * Math.pow(gamma, epoch / everyEpochs);
  }
}
