package io.jresnet.cpu;

import io.jresnet.backend.Backend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;

/**
 * A tensor of the {@link CpuBackend}: a heap {@code float[]} in row-major order over {@link #shape()}. Closing it
 * drops the array; any later access to the data throws {@link IllegalStateException}. Not thread-safe: kernels only
 * read and write the array, and the caller orders kernel calls and closes.
 */
public class CpuTensor implements Tensor {
  private final CpuBackend backend;
  private final Shape shape;
  private float[] data;
  /**
   * The last call of a kernel keyed on this tensor (a conv's prepared weight, a pooling's output), prepared to run
   * again without allocating (see {@link ConvCall}); dropped on close, since it holds the call's arrays.
   */
  volatile Object lastCall;

  CpuTensor(CpuBackend backend, Shape shape, float[] data) {
    if (data.length != shape.size()) {
      throw new IllegalArgumentException(
          "tensor " + shape + " needs " + shape.size() + " floats, got " + data.length);
    }
    this.backend = backend;
    this.shape = shape;
    this.data = data;
  }

  /**
   * For a subclass that keeps its elements in a private layout of any length ({@link #storage()}); it overrides
   * {@link #data()}, {@link #copyToHost(float[])} and {@link #copyFromHost} to present them row-major.
   */
  CpuTensor(CpuBackend backend, Shape shape, float[] storage, boolean privateLayout) {
    if (!privateLayout) {
      throw new IllegalArgumentException("use the row-major constructor for tensor " + shape);
    }
    this.backend = backend;
    this.shape = shape;
    this.data = storage;
  }

  @Override
  public Shape shape() {
    return shape;
  }

  @Override
  public Backend backend() {
    return backend;
  }

  /** The backing array, for kernels of this backend; throws once closed. */
  float[] data() {
    return storage();
  }

  /** The array given to the constructor: {@link #data()} unless a subclass keeps a private layout; throws once closed. */
  final float[] storage() {
    float[] d = data;
    if (d == null) {
      throw new IllegalStateException("cpu tensor " + shape + " is closed");
    }
    return d;
  }

  /** Throws unless {@code array} is non-null and holds exactly this tensor's element count. */
  final void requireLength(String what, float[] array) {
    if (array == null) {
      throw new IllegalArgumentException(what + " is null");
    }
    if (array.length != shape.size()) {
      throw new IllegalArgumentException(
          what + " holds " + array.length + " floats but tensor " + shape + " has " + shape.size());
    }
  }

  @Override
  public float[] copyToHost() {
    return data().clone();
  }

  @Override
  public void copyToHost(float[] dst) {
    float[] d = data();
    requireLength("copyToHost destination", dst);
    System.arraycopy(d, 0, dst, 0, d.length);
  }

  @Override
  public void copyFromHost(float[] src) {
    float[] d = data();
    requireLength("copyFromHost source", src);
    System.arraycopy(src, 0, d, 0, d.length);
  }

  @Override
  public boolean isClosed() {
    return data == null;
  }

  @Override
  public void close() {
    data = null;
    lastCall = null;
  }

  @Override
  public String toString() {
    return "CpuTensor" + shape + (isClosed() ? " (closed)" : "");
  }
}
