package io.jresnet.cuda;

import io.jresnet.backend.ElementwiseKernels;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import jcuda.Pointer;

/**
 * Elementwise and data-movement kernels ({@code elementwise.cu}), plus the device helpers the other families share:
 * transposes, column sums, the convolution/dense epilogue, padding and cropping.
 */
final class CudaElementwise implements ElementwiseKernels {
  private static final int ROWS_PER_CHUNK = 1024;
  private static final int REDUCTION_BLOCKS = 1024;

  private final CudaBackend b;
  private final CudaArgs args;

  CudaElementwise(CudaBackend backend) {
    this.b = backend;
    this.args = backend.args();
  }

  @Override
  public void relu(Tensor x, Tensor y) {
    CudaTensor xt = args.require(x, "relu", "x");
    CudaTensor yt = args.require(y, "relu", "y");
    CudaArgs.requireShape(yt, xt.shape(), "relu", "y");
    b.enter();
    b.kernels().launch("relu_f32", xt.elements(), xt.address(), yt.address(), xt.elements());
  }

  @Override
  public void add(Tensor a, Tensor c, boolean relu, Tensor y) {
    CudaTensor at = args.require(a, "add", "a");
    CudaTensor ct = args.require(c, "add", "b");
    CudaTensor yt = args.require(y, "add", "y");
    CudaArgs.requireShape(ct, at.shape(), "add", "b");
    CudaArgs.requireShape(yt, at.shape(), "add", "y");
    b.enter();
    b.kernels().launch("add_f32", at.elements(), at.address(), ct.address(), yt.address(), relu ? 1 : 0,
        at.elements());
  }

  @Override
  public void zeroPad2d(Tensor x, int top, int bottom, int left, int right, Tensor y) {
    String kernel = "zeroPad2d";
    CudaTensor xt = args.require(x, kernel, "x");
    CudaTensor yt = args.require(y, kernel, "y");
    CudaArgs.requirePadding(top, bottom, left, right, kernel);
    CudaArgs.requireRank(xt, 4, "NHWC", kernel, "x");
    Shape s = xt.shape();
    CudaArgs.requireShape(yt, Shape.nhwc(s.dim(0), top + s.dim(1) + bottom, left + s.dim(2) + right, s.dim(3)),
        kernel, "y");
    CudaArgs.requireDistinct(yt, xt, kernel, "y", "x");
    b.enter();
    pad(xt.address(), yt.address(), s, top, bottom, left, right);
  }

  @Override
  public void softmax(Tensor x, Tensor y) {
    CudaTensor xt = args.require(x, "softmax", "x");
    CudaTensor yt = args.require(y, "softmax", "y");
    CudaArgs.requireShape(yt, xt.shape(), "softmax", "y");
    if (xt.elements() == 0) {
      return;
    }
    int cols = xt.shape().dim(-1);
    long rows = xt.elements() / cols;
    b.enter();
    b.kernels().launchGrid("softmax_rows_f32", (int) rows, 1, PtxKernels.BLOCK, 1, xt.address(), yt.address(), cols);
  }

  @Override
  public void copy(Tensor x, Tensor y) {
    CudaTensor xt = args.require(x, "copy", "x");
    CudaTensor yt = args.require(y, "copy", "y");
    CudaArgs.requireSameSize(xt, yt, "copy", "x", "y");
    if (xt.isKrsc() || yt.isKrsc()) {
      throw new IllegalArgumentException("copy: prepared conv weights (prepareConvWeight) cannot be copied");
    }
    if (xt.bytes() > 0 && xt.address() != yt.address()) {
      b.enter();
      b.context().copyOnDevice(yt.address(), xt.address(), xt.bytes());
    }
  }

  @Override
  public void fill(Tensor t, float value) {
    CudaTensor tt = args.require(t, "fill", "t");
    b.enter();
    b.kernels().launch("fill_f32", tt.elements(), tt.address(), value, tt.elements());
  }

  @Override
  public void reluBackward(Tensor y, Tensor dy, Tensor dx) {
    String kernel = "reluBackward";
    CudaTensor yt = args.require(y, kernel, "y");
    CudaTensor dyt = args.require(dy, kernel, "dy");
    CudaTensor dxt = args.require(dx, kernel, "dx");
    CudaArgs.requireShape(dyt, yt.shape(), kernel, "dy");
    CudaArgs.requireShape(dxt, yt.shape(), kernel, "dx");
    b.enter();
    b.kernels().launch("relu_backward_f32", yt.elements(), yt.address(), dyt.address(), dxt.address(),
        yt.elements());
  }

  @Override
  public void zeroPad2dBackward(Tensor dy, int top, int bottom, int left, int right, Tensor dx) {
    String kernel = "zeroPad2dBackward";
    CudaTensor dyt = args.require(dy, kernel, "dy");
    CudaTensor dxt = args.require(dx, kernel, "dx");
    CudaArgs.requirePadding(top, bottom, left, right, kernel);
    CudaArgs.requireRank(dxt, 4, "NHWC", kernel, "dx");
    Shape s = dxt.shape();
    CudaArgs.requireShape(dyt, Shape.nhwc(s.dim(0), top + s.dim(1) + bottom, left + s.dim(2) + right, s.dim(3)),
        kernel, "dy");
    CudaArgs.requireDistinct(dxt, dyt, kernel, "dx", "dy");
    b.enter();
    crop(dyt.address(), dxt.address(), s, top, bottom, left, right);
  }

  @Override
  public void axpy(float alpha, Tensor x, Tensor y) {
    CudaTensor xt = args.require(x, "axpy", "x");
    CudaTensor yt = args.require(y, "axpy", "y");
    CudaArgs.requireSameSize(xt, yt, "axpy", "x", "y");
    b.enter();
    b.kernels().launch("axpy_f32", xt.elements(), alpha, xt.address(), yt.address(), xt.elements());
  }

  @Override
  public double sumOfSquares(Tensor t) {
    CudaTensor tt = args.require(t, "sumOfSquares", "t");
    if (tt.elements() == 0) {
      return 0;
    }
    b.enter();
    int blocks = Math.min(REDUCTION_BLOCKS, PtxKernels.blocksFor(tt.elements()));
    double[] partial = new double[blocks];
    try (DeviceBuffer buffer = b.scratch((long) blocks * Double.BYTES)) {
      b.kernels().launchGrid("sum_squares_partial_f32", blocks, 1, PtxKernels.BLOCK, 1, tt.address(),
          buffer.address(), tt.elements());
      b.download(Pointer.to(partial), buffer.address(), (long) blocks * Double.BYTES);
    }
    double sum = 0;
    for (double p : partial) {
      sum += p;
    }
    return sum;
  }

  @Override
  public long countNonFinite(Tensor t) {
    CudaTensor tt = args.require(t, "countNonFinite", "t");
    if (tt.elements() == 0) {
      return 0;
    }
    b.enter();
    int blocks = Math.min(REDUCTION_BLOCKS, PtxKernels.blocksFor(tt.elements()));
    long[] partial = new long[blocks];
    try (DeviceBuffer buffer = b.scratch((long) blocks * Long.BYTES)) {
      b.kernels().launchGrid("count_nonfinite_partial_f32", blocks, 1, PtxKernels.BLOCK, 1, tt.address(),
          buffer.address(), tt.elements());
      b.download(Pointer.to(partial), buffer.address(), (long) blocks * Long.BYTES);
    }
    long count = 0;
    for (long p : partial) {
      count += p;
    }
    return count;
  }

  // ---- shared device helpers (addresses, no checks) ----

  /** {@code y [cols, rows] = x [rows, cols]ᵀ}. */
  void transpose(long x, long y, int rows, int cols) {
    if ((long) rows * cols == 0) {
      return;
    }
    b.kernels().launchGrid("transpose_f32", (cols + 31) / 32, (rows + 31) / 32, 32, 8, x, y, rows, cols);
  }

  /** {@code out [cols] = sum over rows of x [rows, cols]}, accumulated in double, deterministic. */
  void columnSums(long x, long rows, int cols, long out) {
    if (rows == 0) {
      b.kernels().launch("fill_f32", cols, out, 0f, (long) cols);
      return;
    }
    int chunks = (int) ((rows + ROWS_PER_CHUNK - 1) / ROWS_PER_CHUNK);
    try (DeviceBuffer partial = b.scratch((long) chunks * cols * Double.BYTES)) {
      b.kernels().launchGrid("column_partial_sums_f32", (cols + 31) / 32, chunks, 32, 8, x, partial.address(),
          (int) rows, cols, ROWS_PER_CHUNK);
      b.kernels().launchGrid("column_finish_f32", (cols + PtxKernels.BLOCK - 1) / PtxKernels.BLOCK, 1,
          PtxKernels.BLOCK, 1, partial.address(), out, chunks, cols);
    }
  }

  /** {@code y = act(y + bias + residual)} over {@code y [n / cols, cols]}; bias and residual may be 0 (absent). */
  void epilogue(long y, long bias, long residual, int cols, boolean relu, long n) {
    b.kernels().launch("epilogue_f32", n, y, bias, residual, cols, relu ? 1 : 0, n);
  }

  /** Zero padding of NHWC {@code x} (shape {@code s}) into {@code y}. */
  void pad(long x, long y, Shape s, int top, int bottom, int left, int right) {
    int oh = top + s.dim(1) + bottom;
    int ow = left + s.dim(2) + right;
    long total = (long) s.dim(0) * oh * ow * s.dim(3);
    b.kernels().launch("pad2d_f32", total, x, y, s.dim(0), s.dim(1), s.dim(2), s.dim(3), top, left, oh, ow);
  }

  /** The inverse of {@link #pad}: {@code dx} (shape {@code s}) is the window of {@code dy}. */
  void crop(long dy, long dx, Shape s, int top, int bottom, int left, int right) {
    int ph = top + s.dim(1) + bottom;
    int pw = left + s.dim(2) + right;
    b.kernels().launch("crop2d_f32", s.elementCount(), dy, dx, s.dim(0), s.dim(1), s.dim(2), s.dim(3), top, left,
        ph, pw);
  }
}
