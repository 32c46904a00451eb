package io.jresnet.cuda;

import io.jresnet.backend.NormKernels;
import io.jresnet.cuda.ffi.Cudnn;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;

/**
 * Batch-norm: inference by the {@code bn_inference_f32} kernel (fused with ReLU, any rank, channels last); training
 * and backward by cuDNN's spatial batch-norm, NHWC activations described as NHWC (cuDNN's channels-last kernels) and
 * other channels-last data as {@code [rows, C, 1, 1]}, the same memory.
 */
final class CudaNorm implements NormKernels, AutoCloseable {
  private final CudaBackend b;
  private final CudaArgs args;
  /** Data shape → its descriptor and the {@code [1, C, 1, 1]} parameter descriptor. */
  private final Map<Shape, long[]> descriptors = new HashMap<>();

  CudaNorm(CudaBackend backend) {
    this.b = backend;
    this.args = backend.args();
  }

  @Override
  public void batchNormInference(Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor var, float epsilon,
      boolean relu, Tensor y) {
    String kernel = "batchNormInference";
    CudaTensor xt = args.require(x, kernel, "x");
    CudaTensor yt = args.require(y, kernel, "y");
    int c = channels(xt, kernel);
    CudaTensor[] params = vectors(kernel, c, new String[] {"gamma", "beta", "mean", "var"}, gamma, beta, mean, var);
    CudaArgs.requireShape(yt, xt.shape(), kernel, "y");
    b.enter();
    b.kernels().launch("bn_inference_f32", xt.elements(), xt.address(), params[0].address(), params[1].address(),
        params[2].address(), params[3].address(), epsilon, relu ? 1 : 0, yt.address(), c, xt.elements());
  }

  @Override
  public void batchNormTraining(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
      float epsilon, float momentum, Tensor savedMean, Tensor savedInvStd, Tensor y) {
    String kernel = "batchNormTraining";
    CudaTensor xt = args.require(x, kernel, "x");
    CudaTensor yt = args.require(y, kernel, "y");
    int c = channels(xt, kernel);
    CudaTensor[] v = vectors(kernel, c,
        new String[] {"gamma", "beta", "runningMean", "runningVar", "savedMean", "savedInvStd"},
        gamma, beta, runningMean, runningVar, savedMean, savedInvStd);
    CudaArgs.requireShape(yt, xt.shape(), kernel, "y");
    CudaArgs.requireDistinct(yt, xt, kernel, "y", "x");
    long rows = xt.elements() / c;
    if (rows < 2) {
      throw new IllegalArgumentException(kernel + ": x " + xt.shape()
          + " has one value per channel; batch statistics need at least two");
    }
    b.enter();
    long[] d = descriptors(xt.shape());
    b.cudnn().batchNorm().forwardTraining(b.cudnnHandle(), d[0], xt.address(), yt.address(), d[1],
        v[0].address(), v[1].address(), momentum, v[2].address(), v[3].address(), epsilon, v[4].address(),
        v[5].address());
  }

  @Override
  public void batchNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor dx,
      Tensor dGamma, Tensor dBeta) {
    String kernel = "batchNormBackward";
    CudaTensor dyt = args.require(dy, kernel, "dy");
    CudaTensor xt = args.require(x, kernel, "x");
    CudaTensor dxt = args.require(dx, kernel, "dx");
    int c = channels(xt, kernel);
    CudaTensor[] v = vectors(kernel, c, new String[] {"gamma", "savedMean", "savedInvStd", "dGamma", "dBeta"},
        gamma, savedMean, savedInvStd, dGamma, dBeta);
    CudaArgs.requireShape(dyt, xt.shape(), kernel, "dy");
    CudaArgs.requireShape(dxt, xt.shape(), kernel, "dx");
    CudaArgs.requireDistinct(dxt, xt, kernel, "dx", "x");
    b.enter();
    long[] d = descriptors(xt.shape());
    // cuDNN does not promise in-place backward; dx == dy goes through scratch.
    boolean inPlace = dxt.address() == dyt.address();
    try (DeviceBuffer scratch = inPlace ? b.scratch(dxt.bytes()) : null) {
      long target = inPlace ? scratch.address() : dxt.address();
      // The epsilon only matters where cuDNN recomputes the inverse std; the saved one is passed.
      b.cudnn().batchNorm().backward(b.cudnnHandle(), d[0], xt.address(), dyt.address(), target, d[1],
          v[0].address(), v[3].address(), v[4].address(), 1e-5, v[1].address(), v[2].address());
      if (inPlace) {
        b.context().copyOnDevice(dxt.address(), target, dxt.bytes());
      }
    }
  }

  private static int channels(CudaTensor x, String kernel) {
    if (x.shape().rank() < 2) {
      throw new IllegalArgumentException(kernel + ": x must be [..., C] with a batch axis, got shape " + x.shape());
    }
    return x.shape().dim(-1);
  }

  private CudaTensor[] vectors(String kernel, int c, String[] names, Tensor... tensors) {
    CudaTensor[] out = new CudaTensor[tensors.length];
    for (int i = 0; i < tensors.length; i++) {
      out[i] = args.require(tensors[i], kernel, names[i]);
      CudaArgs.requireShape(out[i], Shape.of(c), kernel, names[i]);
    }
    return out;
  }

  private long[] descriptors(Shape shape) {
    return descriptors.computeIfAbsent(shape, s -> {
      int c = s.dim(-1);
      long rows = s.elementCount() / c;
      if (rows > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("batch-norm over " + rows + " rows exceeds cuDNN's int dimensions");
      }
      long data = s.rank() == 4
          ? b.cudnn().tensor4d(Cudnn.TENSOR_NHWC, Cudnn.DATA_FLOAT, s.dim(0), c, s.dim(1), s.dim(2))
          : b.cudnn().tensor4d(Cudnn.TENSOR_NCHW, Cudnn.DATA_FLOAT, (int) rows, c, 1, 1);
      return new long[] {data, b.cudnn().tensor4d(Cudnn.TENSOR_NCHW, Cudnn.DATA_FLOAT, 1, c, 1, 1)};
    });
  }

  @Override
  public void close() {
    descriptors.values().forEach(d -> {
      b.cudnn().destroyTensor(d[0]);
      b.cudnn().destroyTensor(d[1]);
    });
    descriptors.clear();
  }
}
