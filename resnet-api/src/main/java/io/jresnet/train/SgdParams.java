package io.jresnet.train;

/**
 * Hyper-parameters of {@link Sgd}, as PyTorch's {@code torch.optim.SGD} (no dampening); the learning rate comes
 * from the schedule at each step.
 *
 * @param momentum in {@code [0, 1)}; 0 keeps no velocity buffers
 * @param weightDecay L2 penalty added to the gradient, {@code >= 0}
 * @param nesterov Nesterov momentum; needs {@code momentum > 0}
 * @param skipDecayOnNormAndBias when true, batch-norm gammas and betas and biases get no weight decay
 */
public record SgdParams(float momentum, float weightDecay, boolean nesterov, boolean skipDecayOnNormAndBias) {
  public SgdParams {
    HyperParameters.requireFraction("SGD momentum", momentum);
    HyperParameters.requireNonNegative("SGD weight decay", weightDecay);
    if (nesterov && momentum == 0) {
      throw new IllegalArgumentException("SGD: Nesterov momentum needs a momentum > 0, got momentum 0");
    }
  }

  /** Plain SGD with momentum, as most ResNet recipes use it (weight decay on every parameter). */
  public static SgdParams momentum(float momentum, float weightDecay) {
    return new SgdParams(momentum, weightDecay, false, false);
  }
}
