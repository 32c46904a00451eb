package io.jresnet.cuda;

import io.jresnet.backend.Pool2dParams;
import io.jresnet.backend.PoolKernels;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;

/**
 * Pooling by the {@code pool.cu} kernels rather than cuDNN: they take asymmetric padding, break max ties the way
 * PyTorch does (first maximum in row-major window order) and gather gradients without atomics, so backward passes
 * are deterministic.
 */
final class CudaPool implements PoolKernels {
  private final CudaBackend b;
  private final CudaArgs args;

  CudaPool(CudaBackend backend) {
    this.b = backend;
    this.args = backend.args();
  }

  @Override
  public void maxPool2d(Tensor x, Pool2dParams params, Tensor y) {
    forward("maxPool2d", "max_pool_f32", x, params, y);
  }

  @Override
  public void avgPool2d(Tensor x, Pool2dParams params, Tensor y) {
    forward("avgPool2d", "avg_pool_f32", x, params, y);
  }

  @Override
  public void globalAvgPool(Tensor x, Tensor y) {
    String kernel = "globalAvgPool";
    CudaTensor xt = args.require(x, kernel, "x");
    CudaTensor yt = args.require(y, kernel, "y");
    CudaArgs.requireRank(xt, 4, "NHWC", kernel, "x");
    Shape s = xt.shape();
    CudaArgs.requireShape(yt, Shape.of(s.dim(0), s.dim(3)), kernel, "y");
    b.enter();
    b.kernels().launch("global_avg_pool_f32", yt.elements(), xt.address(), yt.address(), s.dim(0),
        s.dim(1) * s.dim(2), s.dim(3));
  }

  @Override
  public void maxPool2dBackward(Tensor x, Tensor dy, Pool2dParams params, Tensor dx) {
    String kernel = "maxPool2dBackward";
    CudaTensor xt = args.require(x, kernel, "x");
    CudaTensor dyt = args.require(dy, kernel, "dy");
    CudaTensor dxt = args.require(dx, kernel, "dx");
    int[] g = geometry(kernel, "x", xt.shape(), params, dyt, "dy");
    CudaArgs.requireShape(dxt, xt.shape(), kernel, "dx");
    CudaArgs.requireDistinct(dxt, dyt, kernel, "dx", "dy");
    CudaArgs.requireDistinct(dxt, xt, kernel, "dx", "x");
    b.enter();
    b.kernels().launch("max_pool_backward_f32", dxt.elements(), xt.address(), dyt.address(), dxt.address(), g);
  }

  @Override
  public void avgPool2dBackward(Tensor dy, Pool2dParams params, Tensor dx) {
    String kernel = "avgPool2dBackward";
    CudaTensor dyt = args.require(dy, kernel, "dy");
    CudaTensor dxt = args.require(dx, kernel, "dx");
    int[] g = geometry(kernel, "dx", dxt.shape(), params, dyt, "dy");
    CudaArgs.requireDistinct(dxt, dyt, kernel, "dx", "dy");
    b.enter();
    b.kernels().launch("avg_pool_backward_f32", dxt.elements(), dyt.address(), dxt.address(), g);
  }

  @Override
  public void globalAvgPoolBackward(Tensor dy, Tensor dx) {
    String kernel = "globalAvgPoolBackward";
    CudaTensor dyt = args.require(dy, kernel, "dy");
    CudaTensor dxt = args.require(dx, kernel, "dx");
    CudaArgs.requireRank(dxt, 4, "NHWC", kernel, "dx");
    Shape s = dxt.shape();
    CudaArgs.requireShape(dyt, Shape.of(s.dim(0), s.dim(3)), kernel, "dy");
    b.enter();
    b.kernels().launch("global_avg_pool_backward_f32", dxt.elements(), dyt.address(), dxt.address(),
        s.dim(1) * s.dim(2), s.dim(3), dxt.elements());
  }

  private void forward(String kernel, String function, Tensor x, Pool2dParams params, Tensor y) {
    CudaTensor xt = args.require(x, kernel, "x");
    CudaTensor yt = args.require(y, kernel, "y");
    int[] g = geometry(kernel, "x", xt.shape(), params, yt, "y");
    CudaArgs.requireDistinct(yt, xt, kernel, "y", "x");
    b.enter();
    b.kernels().launch(function, yt.elements(), xt.address(), yt.address(), g);
  }

  /**
   * Checks the input-side shape against the params and the output-side tensor, and returns the kernels'
   * {@code PoolGeometry} struct: n, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl, countPadding.
   */
  static int[] geometry(String kernel, String inName, Shape in, Pool2dParams p, CudaTensor out, String outName) {
    if (p == null) {
      throw new IllegalArgumentException(kernel + ": params is null");
    }
    if (in.rank() != 4) {
      throw new IllegalArgumentException(kernel + ": " + inName + " must be NHWC (rank 4), got shape " + in);
    }
    int oh = p.outputH(in.dim(1));
    int ow = p.outputW(in.dim(2));
    if (oh < 1 || ow < 1) {
      throw new IllegalArgumentException(kernel + ": the " + p.kernelH() + "x" + p.kernelW() + " window does not fit "
          + inName + " " + in + " with this padding (output would be " + oh + "x" + ow + ")");
    }
    CudaArgs.requireShape(out, Shape.nhwc(in.dim(0), oh, ow, in.dim(3)), kernel, outName);
    return new int[] {in.dim(0), in.dim(1), in.dim(2), in.dim(3), oh, ow, p.kernelH(), p.kernelW(), p.strideH(),
        p.strideW(), p.padTop(), p.padLeft(), p.countPadding() ? 1 : 0};
  }
}
