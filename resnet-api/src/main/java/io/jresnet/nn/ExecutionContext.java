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

  /**
   * The backend-private form of a parameter, made once when the model was bound (conv weights, through
   * {@link Backend#prepareConvWeight}); the parameter itself where nothing was prepared.
   */
  default Tensor prepared(String fullName) {
    return parameter(fullName);
  }

  /**
   * A tensor owned by the executor, which frees or reuses it after its last reader. In evaluation it may be a reused
   * buffer holding an earlier value: write it whole, as every kernel does with its output.
   */
  Tensor allocate(Shape shape);

  /**
   * A tensor that the executor keeps for this node's backward ({@link BackwardContext#saved()}, in allocation order)
   * and frees right after it; only in {@link Mode#TRAIN}. Its contents are unspecified (the executor recycles
   * tensors from step to step): write every element.
   *
   * @throws IllegalStateException in a context that keeps nothing for backward (an evaluation pass)
   */
  default Tensor allocateSaved(Shape shape) {
    throw new IllegalStateException("values for backward are kept only by a forward pass in Mode.TRAIN, not " + mode());
  }
}
