package io.jresnet.cuda;

import io.jresnet.backend.Backend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import jcuda.Pointer;

/**
 * A float32 tensor in device memory from the backend's pool. A prepared convolution weight
 * ({@link CudaBackend#prepareConvWeight}) keeps its logical HWIO shape but stores KRSC ({@code [cout, kh, kw,
 * cin/groups]}, cuDNN's NHWC filter layout); the host copies convert, so callers always see HWIO.
 */
final class CudaTensor implements Tensor {
  private final CudaBackend backend;
  private final Shape shape;
  private final long address;
  private final boolean krsc;
  private boolean closed;

  CudaTensor(CudaBackend backend, Shape shape, long address, boolean krsc) {
    this.backend = backend;
    this.shape = shape;
    this.address = address;
    this.krsc = krsc;
  }

  @Override
  public Shape shape() {
    return shape;
  }

  @Override
  public Backend backend() {
    return backend;
  }

  /** The device address (0 for an empty tensor). */
  long address() {
    requireOpen("address");
    return address;
  }

  /** Whether the data is a prepared KRSC convolution weight. */
  boolean isKrsc() {
    return krsc;
  }

  long elements() {
    return shape.elementCount();
  }

  long bytes() {
    return shape.elementCount() * Float.BYTES;
  }

  @Override
  public float[] copyToHost() {
    float[] out = new float[shape.size()];
    copyToHost(out);
    return out;
  }

  @Override
  public void copyToHost(float[] dst) {
    requireOpen("copyToHost");
    requireLength("copyToHost", "dst", dst);
    if (dst.length == 0) {
      return;
    }
    backend.enter();
    backend.context().copyToHost(Pointer.to(dst), address, bytes());
    if (krsc) {
      float[] hwio = KrscLayout.toHwio(dst, shape);
      System.arraycopy(hwio, 0, dst, 0, dst.length);
    }
  }

  @Override
  public void copyFromHost(float[] src) {
    requireOpen("copyFromHost");
    requireLength("copyFromHost", "src", src);
    if (src.length == 0) {
      return;
    }
    backend.enter();
    float[] data = krsc ? KrscLayout.toKrsc(src, shape) : src;
    backend.context().copyToDevice(address, Pointer.to(data), bytes());
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      backend.release(address);
    }
  }

  private void requireLength(String call, String role, float[] array) {
    if (array == null || array.length != shape.size()) {
      throw new IllegalArgumentException(call + ": " + role + " has " + (array == null ? "no" : array.length)
          + " floats, tensor " + shape + " holds " + shape.size());
    }
  }

  private void requireOpen(String call) {
    if (closed) {
      throw new IllegalStateException(call + ": tensor " + shape + " is closed");
    }
  }

  @Override
  public String toString() {
    return "CudaTensor" + shape + (krsc ? " (KRSC)" : "");
  }
}
