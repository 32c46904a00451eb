package io.jresnet.train;

import io.jresnet.nn.ParameterSpec;
import io.jresnet.tensor.Tensor;

/**
 * What an {@link Optimizer} sees of one model parameter: its spec (torchvision name, canonical shape, role), its
 * value tensor and the gradient of the loss with respect to it, both of the spec's shape and of the same backend.
 * Optimizers update {@link #value()} in place and only read {@link #gradient()}.
 */
public interface TrainableParameter {
  ParameterSpec spec();

  /** The parameter's current values, updated in place by {@link Optimizer#step}. */
  Tensor value();

  /** The gradient of the loss with respect to {@link #value()}; null for non-trainable buffers. */
  Tensor gradient();

  /** The torchvision name, e.g. {@code layer1.0.conv1.weight}. */
  default String name() {
    return spec().name();
  }

  /** A parameter made of the given parts (for adapters and tests). */
  static TrainableParameter of(ParameterSpec spec, Tensor value, Tensor gradient) {
    return new BoundParameter(spec, value, gradient);
  }
}
