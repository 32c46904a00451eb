package io.jresnet.models.experiment;

import java.util.Objects;

/**
 * The optimizer and its hyper-parameters, as PyTorch's {@code torch.optim} defines them. Fields that do not apply to
 * the {@link #kind()} hold PyTorch's defaults and are ignored.
 *
 * @param kind SGD, Adam or AdamW
 * @param lr the base learning rate (the schedule scales it), > 0
 * @param momentum SGD momentum in [0, 1)
 * @param nesterov SGD with Nesterov momentum (needs momentum > 0)
 * @param weightDecay L2 penalty (SGD, Adam) or decoupled decay (AdamW), >= 0
 * @param beta1 Adam's first-moment decay in [0, 1)
 * @param beta2 Adam's second-moment decay in [0, 1)
 * @param epsilon Adam's denominator term, > 0
 * @param decayNormAndBias whether batch-norm parameters and biases get weight decay too (PyTorch's default); false
 *     exempts them, as most ResNet training recipes do
 */
public record OptimizerSpec(
    OptimizerKind kind,
    double lr,
    double momentum,
    boolean nesterov,
    double weightDecay,
    double beta1,
    double beta2,
    double epsilon,
    boolean decayNormAndBias) {
  public OptimizerSpec {
    Objects.requireNonNull(kind, "kind");
    if (!(lr > 0) || !(momentum >= 0 && momentum < 1) || !(weightDecay >= 0)) {
      throw new IllegalArgumentException(
          "need lr > 0, momentum in [0, 1), weight decay >= 0; got " + lr + ", " + momentum + ", " + weightDecay);
    }
    if (nesterov && momentum == 0) {
      throw new IllegalArgumentException("Nesterov momentum needs momentum > 0");
    }
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0)) {
      throw new IllegalArgumentException(
          "need betas in [0, 1) and epsilon > 0; got " + beta1 + ", " + beta2 + ", " + epsilon);
    }
  }
}
