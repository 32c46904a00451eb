package io.jresnet.cuda;

import io.jresnet.backend.DenseKernels;
import io.jresnet.cuda.ffi.Cublas;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;

/**
 * Dense layers on cuBLAS SGEMM. cuBLAS is column-major: a row-major {@code [r, c]} matrix is its column-major
 * transpose, so {@code y = x · W} is computed as {@code yᵀ = Wᵀ · xᵀ} with no data moved.
 */
final class CudaDense implements DenseKernels {
  private final CudaBackend b;
  private final CudaArgs args;

  CudaDense(CudaBackend backend) {
    this.b = backend;
    this.args = backend.args();
  }

  @Override
  public void dense(Tensor x, Tensor weight, Tensor bias, Tensor y) {
    String kernel = "dense";
    CudaTensor xt = args.require(x, kernel, "x");
    CudaTensor wt = args.require(weight, kernel, "weight");
    CudaTensor bt = args.optional(bias, kernel, "bias");
    CudaTensor yt = args.require(y, kernel, "y");
    CudaArgs.requireRank(xt, 2, "[N, in]", kernel, "x");
    CudaArgs.requireRank(wt, 2, "[in, out]", kernel, "weight");
    int n = xt.shape().dim(0);
    int in = xt.shape().dim(1);
    int out = wt.shape().dim(1);
    if (wt.shape().dim(0) != in) {
      throw new IllegalArgumentException(kernel + ": weight has shape " + wt.shape() + ", expected "
          + Shape.of(in, out) + " (one row per input feature of x " + xt.shape() + ")");
    }
    CudaArgs.requireShape(bt, Shape.of(out), kernel, "bias");
    CudaArgs.requireShape(yt, Shape.of(n, out), kernel, "y");
    CudaArgs.requireDistinct(yt, xt, kernel, "y", "x");
    b.enter();
    gemm(Cublas.OP_N, Cublas.OP_N, out, n, in, wt.address(), out, xt.address(), in, yt.address(), out);
    if (bt != null) {
      b.elementwiseKernels().epilogue(yt.address(), bt.address(), 0, out, false, yt.elements());
    }
  }

  @Override
  public void denseBackwardData(Tensor dy, Tensor weight, Tensor dx) {
    String kernel = "denseBackwardData";
    CudaTensor dyt = args.require(dy, kernel, "dy");
    CudaTensor wt = args.require(weight, kernel, "weight");
    CudaTensor dxt = args.require(dx, kernel, "dx");
    CudaArgs.requireRank(wt, 2, "[in, out]", kernel, "weight");
    CudaArgs.requireRank(dyt, 2, "[N, out]", kernel, "dy");
    int[] nio = {dyt.shape().dim(0), wt.shape().dim(0), wt.shape().dim(1)};
    CudaArgs.requireShape(dyt, Shape.of(nio[0], nio[2]), kernel, "dy");
    CudaArgs.requireShape(dxt, Shape.of(nio[0], nio[1]), kernel, "dx");
    CudaArgs.requireDistinct(dxt, dyt, kernel, "dx", "dy");
    CudaArgs.requireDistinct(dxt, wt, kernel, "dx", "weight");
    b.enter();
    // dxᵀ [in, N] = W [in, out] · dyᵀ [out, N]; W row-major is Wᵀ column-major, hence OP_T.
    gemm(Cublas.OP_T, Cublas.OP_N, nio[1], nio[0], nio[2], wt.address(), nio[2], dyt.address(), nio[2],
        dxt.address(), nio[1]);
  }

  @Override
  public void denseBackwardWeight(Tensor x, Tensor dy, Tensor dWeight, Tensor dBias) {
    String kernel = "denseBackwardWeight";
    CudaTensor xt = args.require(x, kernel, "x");
    CudaTensor dyt = args.require(dy, kernel, "dy");
    CudaTensor dwt = args.require(dWeight, kernel, "dWeight");
    CudaTensor dbt = args.optional(dBias, kernel, "dBias");
    CudaArgs.requireRank(xt, 2, "[N, in]", kernel, "x");
    CudaArgs.requireRank(dyt, 2, "[N, out]", kernel, "dy");
    int[] nio = {xt.shape().dim(0), xt.shape().dim(1), dyt.shape().dim(1)};
    if (dyt.shape().dim(0) != nio[0]) {
      throw new IllegalArgumentException(kernel + ": dy has shape " + dyt.shape() + " but x " + xt.shape()
          + " has " + nio[0] + " rows");
    }
    CudaArgs.requireShape(dwt, Shape.of(nio[1], nio[2]), kernel, "dWeight");
    CudaArgs.requireShape(dbt, Shape.of(nio[2]), kernel, "dBias");
    CudaArgs.requireDistinct(dwt, xt, kernel, "dWeight", "x");
    CudaArgs.requireDistinct(dwt, dyt, kernel, "dWeight", "dy");
    b.enter();
    // dWᵀ [out, in] = dyᵀ [out, N] · x [N, in].
    gemm(Cublas.OP_N, Cublas.OP_T, nio[2], nio[1], nio[0], dyt.address(), nio[2], xt.address(), nio[1],
        dwt.address(), nio[2]);
    if (dbt != null) {
      b.elementwiseKernels().columnSums(dyt.address(), nio[0], nio[2], dbt.address());
    }
  }

  /** Column-major {@code C [m, n] = op(A) · op(B)}; an empty product still zeroes C. */
  private void gemm(int transA, int transB, int m, int n, int k, long a, int lda, long bb, int ldb, long c,
      int ldc) {
    if ((long) m * n == 0) {
      return;
    }
    if (k == 0) {
      b.context().zero(c, (long) m * n * Float.BYTES);
      return;
    }
    b.cublas().sgemm(b.cublasHandle(), transA, transB, m, n, k, a, Math.max(1, lda), bb, Math.max(1, ldb), c,
        Math.max(1, ldc));
  }
}
