package io.jresnet.nn;

import io.jresnet.backend.Backend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;

/** What a layer may use while it runs: the backend, the mode, its parameters and an allocator for its output. */
public interface ExecutionContext {
  Backend backend();

  Mode mode();

  /** The parameter tensor with this full name (e.g. {@code layer1.0.conv1.weight}). */
  Tensor parameter(String fullName);

  /** A new tensor owned by the executor, which frees it after its last use. */
  Tensor allocate(Shape shape);
}
