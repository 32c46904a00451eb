package io.jresnet.tck;

import io.jresnet.backend.Backend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;

/**
 * A tensor of the {@link ReferenceBackend}: a plain {@code float[]} in row-major order over its shape. Any use after
 * {@link #close()} throws {@link IllegalStateException}, so tests catch use-after-free bugs that a device backend
 * would turn into corrupted memory.
 */
public final class ReferenceTensor implements Tensor {
  private final ReferenceBackend backend;
  private final Shape shape;
  private float[] data;

  ReferenceTensor(ReferenceBackend backend, Shape shape, float[] data) {
    if (data.length != shape.size()) {
      throw new IllegalArgumentException(
          "shape " + shape + " holds " + shape.size() + " floats, got " + data.length);
    }
    this.backend = backend;
    this.shape = shape;
    this.data = data;
  }

  @Override
  public Shape shape() {
    return shape;
  }

  @Override
  public Backend backend() {
    return backend;
  }

  @Override
  public float[] copyToHost() {
    return data().clone();
  }

  @Override
  public void copyToHost(float[] dst) {
    float[] src = data();
    requireLength("copyToHost destination", dst.length);
    System.arraycopy(src, 0, dst, 0, src.length);
  }

  @Override
  public void copyFromHost(float[] src) {
    float[] dst = data();
    requireLength("copyFromHost source", src.length);
    System.arraycopy(src, 0, dst, 0, dst.length);
  }

  @Override
  public boolean isClosed() {
    return data == null;
  }

  @Override
  public void close() {
    data = null;
  }

  /** The live backing array, for the reference kernels; throws once the tensor or its backend is closed. */
  float[] data() {
    if (data == null) {
      throw new IllegalStateException("tensor " + shape + " is closed");
    }
    backend.requireOpen();
    return data;
  }

  private void requireLength(String what, int length) {
    if (length != shape.size()) {
      throw new IllegalArgumentException(
          what + " has " + length + " floats, expected " + shape.size() + " for shape " + shape);
    }
  }

  @Override
  public String toString() {
    return "ReferenceTensor" + shape + (isClosed() ? " (closed)" : "");
  }
}
