package io.jresnet.tensor;

import io.jresnet.backend.Backend;

/**
 * Float32 data owned by one {@link Backend}, in row-major order over {@link #shape()} (NHWC for activations).
 * Device memory must be freed deterministically: close every tensor you allocate, or allocate it in a
 * {@link TensorScope}. Kernels only accept tensors of their own backend.
 */
public interface Tensor extends AutoCloseable {
  Shape shape();

  Backend backend();

  /** A fresh host copy of the data, row-major. */
  float[] copyToHost();

  /** Copies the data into {@code dst}, which must hold exactly {@code shape().size()} floats. */
  void copyToHost(float[] dst);

  /** Overwrites the data from {@code src}, which must hold exactly {@code shape().size()} floats. */
  void copyFromHost(float[] src);

  /** True once closed; a closed tensor must not be used. */
  boolean isClosed();

  /** Frees the data; idempotent. */
  @Override
  void close();
}
