package io.jresnet.train;

/**
 * Hyper-parameters of {@link Adam} and {@link AdamW}, as PyTorch's {@code torch.optim.Adam}/{@code AdamW} (no
 * AMSGrad); the learning rate comes from the schedule at each step.
 *
 * @param beta1 decay of the first-moment estimate, in {@code [0, 1)}
 * @param beta2 decay of the second-moment estimate, in {@code [0, 1)}
 * @param epsilon added to the denominator, {@code > 0}
 * @param weightDecay {@code >= 0}: an L2 term in the gradient for Adam, a decoupled shrink for AdamW
 * @param skipDecayOnNormAndBias when true, batch-norm gammas and betas and biases get no weight decay
 */
public record AdamParams(
    float beta1, float beta2, float epsilon, float weightDecay, boolean skipDecayOnNormAndBias) {
  public AdamParams {
    HyperParameters.requireFraction("Adam beta1", beta1);
    HyperParameters.requireFraction("Adam beta2", beta2);
    HyperParameters.requirePositive("Adam epsilon", epsilon);
    HyperParameters.requireNonNegative("Adam weight decay", weightDecay);
  }

  /** PyTorch's and Keras's defaults: betas 0.9 and 0.999, epsilon 1e-8, with the given weight decay. */
  public static AdamParams defaults(float weightDecay) {
    return new AdamParams(0.9f, 0.999f, 1e-8f, weightDecay, false);
  }
}
