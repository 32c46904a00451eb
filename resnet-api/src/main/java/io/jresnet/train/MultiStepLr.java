package io.jresnet.train;

import java.util.List;
import java.util.Objects;

/**
 * The base rate multiplied by {@code gamma} at each milestone epoch, as PyTorch's {@code MultiStepLR} stepped once
 * per epoch: {@code lr = baseLr * gamma^(number of milestones <= epoch)} with {@code epoch = step /
 * stepsPerEpoch}.
 *
 * @param milestones epochs, strictly increasing and {@code > 0}
 */
public record MultiStepLr(double baseLr, long stepsPerEpoch, List<Integer> milestones, double gamma)
    implements LrSchedule {
  public MultiStepLr {
    HyperParameters.requireNonNegative("multi-step schedule: base lr", baseLr);
    HyperParameters.requirePositive("multi-step schedule: steps per epoch", stepsPerEpoch);
    HyperParameters.requirePositive("multi-step schedule: gamma", gamma);
    milestones = List.copyOf(Objects.requireNonNull(milestones, "milestones"));
    for (int i = 0; i < milestones.size(); i++) {
      int m = milestones.get(i);
      if (m <= 0 || (i > 0 && m <= milestones.get(i - 1))) {
        throw new IllegalArgumentException(
            "multi-step schedule: milestones must be epochs > 0 in strictly increasing order, got " + milestones
                + " (at index " + i + ")");
      }
    }
  }

  @Override
  public double lr(long step) {
    HyperParameters.requireStep("multi-step schedule", step);
    long epoch = step / stepsPerEpoch;
    int passed = 0;
    while (passed < milestones.size() && milestones.get(passed) <= epoch) {
      passed++;
    }
    return baseLr * Math.pow(gamma, passed);
  }
}
