package io.jresnet.cpu;

import io.jresnet.backend.DenseKernels;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;

/** Fully-connected layer as one GEMM: {@code y[N, out] = x[N, in] · weight[in, out] + bias}, weights read in place. */
final class CpuDense implements DenseKernels {
  private static final String KERNEL = "dense";

  private final CpuComputePool pool;
  private final KernelArgs args;

  CpuDense(CpuComputePool pool, KernelArgs args) {
    this.pool = pool;
    this.args = args;
  }

  @Override
  public void dense(Tensor x, Tensor weight, Tensor bias, Tensor y) {
    CpuTensor xt = args.require(x, KERNEL, "x");
    CpuTensor wt = args.require(weight, KERNEL, "weight");
    CpuTensor bt = args.optional(bias, KERNEL, "bias");
    CpuTensor yt = args.require(y, KERNEL, "y");
    KernelArgs.requireRank(xt, 2, "[N, in]", KERNEL, "x");
    KernelArgs.requireRank(wt, 2, "[in, out]", KERNEL, "weight");
    int n = xt.shape().dim(0);
    int in = xt.shape().dim(1);
    int out = wt.shape().dim(1);
    if (wt.shape().dim(0) != in) {
      throw new IllegalArgumentException(
          KERNEL + ": weight has shape " + wt.shape() + ", expected " + Shape.of(in, out)
              + " (one row per input feature of x " + xt.shape() + ")");
    }
    KernelArgs.requireShape(yt, Shape.of(n, out), KERNEL, "y");
    if (bt != null) {
      KernelArgs.requireShape(bt, Shape.of(out), KERNEL, "bias");
    }
    KernelArgs.requireDistinct(yt, xt, KERNEL, "y", "x");
    if (n == 0 || out == 0) {
      return;
    }
    GemmEpilogue epilogue = bt == null ? GemmEpilogue.NONE : new GemmEpilogue(bt.data(), null, false);
    CpuGemm.multiply(
        pool,
        new MatrixRef(xt.data(), 0, in),
        PanelRef.rowMajor(wt.data(), 0, out),
        new MatrixRef(yt.data(), 0, out),
        n,
        out,
        in,
        epilogue);
  }
}
