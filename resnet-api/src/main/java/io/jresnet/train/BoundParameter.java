package io.jresnet.train;

import io.jresnet.nn.ParameterSpec;
import io.jresnet.tensor.Tensor;
import java.util.Objects;

/** The plain {@link TrainableParameter}: a spec with its value and gradient tensors. */
record BoundParameter(ParameterSpec spec, Tensor value, Tensor gradient) implements TrainableParameter {
  BoundParameter {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(value, () -> "value of parameter '" + spec.name() + "'");
  }
}
