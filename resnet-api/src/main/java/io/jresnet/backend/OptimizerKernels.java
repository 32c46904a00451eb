package io.jresnet.backend;

import io.jresnet.tensor.Tensor;

/** In-place parameter updates; every tensor has the parameter's shape. Hyper-parameters are per call (schedules). */
public interface OptimizerKernels {
  /**
   * SGD with momentum as PyTorch's {@code torch.optim.SGD}: {@code g = grad + weightDecay * param};
   * {@code velocity = momentum * velocity + g} (velocity starts at zero, and the first step sets it to g, which zero
   * initial velocity gives anyway); {@code param -= lr * (nesterov ? g + momentum * velocity : velocity)}.
   *
   * @param velocity the momentum buffer, updated in place; may be null when {@code momentum == 0}
   */
  void sgd(
      Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay, boolean nesterov);

  /**
   * Adam / AdamW as PyTorch's {@code torch.optim.Adam} and {@code AdamW}: with {@code decoupled} false the weight
   * decay is added to the gradient (L2, Adam); with true the parameter shrinks by {@code lr * weightDecay} first
   * (AdamW). {@code m = beta1 m + (1 - beta1) g}, {@code v = beta2 v + (1 - beta2) g²}, bias correction with
   * {@code step} (1-based), {@code param -= lr * m̂ / (sqrt(v̂) + epsilon)}.
   */
  void adam(
      Tensor param,
      Tensor grad,
      Tensor m,
      Tensor v,
      float lr,
      float beta1,
      float beta2,
      float epsilon,
      float weightDecay,
      boolean decoupled,
      long step);
}
