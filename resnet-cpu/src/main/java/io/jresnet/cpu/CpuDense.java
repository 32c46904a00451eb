package io.jresnet.cpu;

import io.jresnet.backend.DenseKernels;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;

/**
 * Fully-connected layer as one GEMM: {@code y[N, out] = x[N, in] · weight[in, out] + bias}, weights read in place
 * (batches of a few rows by {@link SmallBatchDense}, which streams the weights in contiguous blocks instead);
 * the backward passes are GEMMs too, with {@code weightᵀ} packed and {@code xᵀ} transposed per call.
 */
final class CpuDense implements DenseKernels {
  private static final String KERNEL = "dense";

  private final CpuComputePool pool;
  private final KernelArgs args;
  private final SmallBatchDense smallBatch;

  CpuDense(CpuComputePool pool, KernelArgs args) {
    this.pool = pool;
    this.args = args;
    this.smallBatch = new SmallBatchDense(pool);
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
    KernelArgs.requireMatrix(yt, n, out, KERNEL, "y");
    if (bt != null) {
      KernelArgs.requireVector(bt, out, KERNEL, "bias");
    }
    KernelArgs.requireDistinct(yt, xt, KERNEL, "y", "x");
    if (n == 0 || out == 0) {
      return;
    }
    if (SmallBatchDense.applies(n)) {
      smallBatch.run(xt.data(), n, in, wt.data(), out, bt == null ? null : bt.data(), yt.data());
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

  @Override
  public void denseBackwardData(Tensor dy, Tensor weight, Tensor dx) {
    String kernel = "denseBackwardData";
    CpuTensor dyt = args.require(dy, kernel, "dy");
    CpuTensor wt = args.require(weight, kernel, "weight");
    CpuTensor dxt = args.require(dx, kernel, "dx");
    KernelArgs.requireRank(wt, 2, "[in, out]", kernel, "weight");
    KernelArgs.requireRank(dyt, 2, "[N, out]", kernel, "dy");
    int n = dyt.shape().dim(0);
    int in = wt.shape().dim(0);
    int out = wt.shape().dim(1);
    KernelArgs.requireShape(dyt, Shape.of(n, out), kernel, "dy");
    KernelArgs.requireShape(dxt, Shape.of(n, in), kernel, "dx");
    KernelArgs.requireDistinct(dxt, dyt, kernel, "dx", "dy");
    KernelArgs.requireDistinct(dxt, wt, kernel, "dx", "weight");
    if (n == 0 || in == 0) {
      return;
    }
    // B = weightᵀ [out, in], packed once per call: out is small next to the batch's work.
    float[] packed = new float[GemmPacking.packedSize(out, in)];
    GemmPacking.packTransposed(new MatrixRef(wt.data(), 0, out), out, in, packed, 0, 0, GemmPacking.panels(in));
    CpuGemm.multiply(
        pool,
        new MatrixRef(dyt.data(), 0, out),
        PanelRef.packed(packed, 0, in),
        new MatrixRef(dxt.data(), 0, in),
        n,
        in,
        out,
        GemmEpilogue.NONE);
  }

  @Override
  public void denseBackwardWeight(Tensor x, Tensor dy, Tensor dWeight, Tensor dBias) {
    String kernel = "denseBackwardWeight";
    CpuTensor xt = args.require(x, kernel, "x");
    CpuTensor dyt = args.require(dy, kernel, "dy");
    CpuTensor dwt = args.require(dWeight, kernel, "dWeight");
    CpuTensor dbt = args.optional(dBias, kernel, "dBias");
    KernelArgs.requireRank(xt, 2, "[N, in]", kernel, "x");
    KernelArgs.requireRank(dyt, 2, "[N, out]", kernel, "dy");
    int n = xt.shape().dim(0);
    int in = xt.shape().dim(1);
    int out = dyt.shape().dim(1);
    if (dyt.shape().dim(0) != n) {
      throw new IllegalArgumentException(
          kernel + ": dy has shape " + dyt.shape() + " but x " + xt.shape() + " has " + n + " rows");
    }
    KernelArgs.requireShape(dwt, Shape.of(in, out), kernel, "dWeight");
    if (dbt != null) {
      KernelArgs.requireShape(dbt, Shape.of(out), kernel, "dBias");
    }
    KernelArgs.requireDistinct(dwt, xt, kernel, "dWeight", "x");
    KernelArgs.requireDistinct(dwt, dyt, kernel, "dWeight", "dy");
    if (dbt != null) {
      double[] sums = ChannelSums.sums(pool, dyt.data(), n, out);
      float[] b = dbt.data();
      for (int j = 0; j < out; j++) {
        b[j] = (float) sums[j];
      }
    }
    if (in == 0 || out == 0) {
      return;
    }
    // dWeight [in, out] = xᵀ [in, N] · dy [N, out]: the micro-kernel reads A along its rows, so x is transposed.
    float[] xs = xt.data();
    float[] xT = new float[in * n];
    for (int r = 0; r < n; r++) {
      for (int i = 0; i < in; i++) {
        xT[i * n + r] = xs[r * in + i];
      }
    }
    CpuGemm.multiply(
        pool,
        new MatrixRef(xT, 0, n),
        PanelRef.rowMajor(dyt.data(), 0, out),
        new MatrixRef(dwt.data(), 0, out),
        in,
        out,
        n,
        GemmEpilogue.NONE);
  }
}
