package io.jresnet.cuda.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;

/**
 * cuDNN spatial batch-norm (per channel) for training and its backward, over whatever data descriptor the caller
 * made (NHWC activations, or channels-last rows as {@code [rows, C, 1, 1]} NCHW, the same memory).
 * cuDNN's running variance uses the unbiased batch variance and its saved inverse std the biased one, as PyTorch.
 */
public final class CudnnBatchNorm {
  /** {@code CUDNN_BATCHNORM_SPATIAL}: statistics per channel over N, H, W. */
  public static final int SPATIAL = 1;

  private final Cudnn cudnn;
  private final NativeFunction training;
  private final NativeFunction backward;

  CudnnBatchNorm(Cudnn cudnn) {
    this.cudnn = cudnn;
    NativeLibrary lib = cudnn.library();
    // handle, mode, alpha, beta, xDesc, x, yDesc, y, bnDesc, scale, bias, factor, runMean, runVar, eps, saveMean,
    // saveInvVar
    training = lib.function("cudnnBatchNormalizationForwardTraining", FunctionDescriptor.of(JAVA_INT, JAVA_LONG,
        JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
        JAVA_DOUBLE, JAVA_LONG, JAVA_LONG, JAVA_DOUBLE, JAVA_LONG, JAVA_LONG));
    // handle, mode, alphaData, betaData, alphaParam, betaParam, xDesc, x, dyDesc, dy, dxDesc, dx, bnDesc, scale,
    // dScale, dBias, eps, savedMean, savedInvVar
    backward = lib.function("cudnnBatchNormalizationBackward", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT,
        ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
        JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_DOUBLE, JAVA_LONG, JAVA_LONG));
  }

  /**
   * Normalises with batch statistics and moves the running statistics by {@code momentum}.
   *
   * @param dataDesc {@code [rows, C, 1, 1]} for x and y
   * @param paramDesc {@code [1, C, 1, 1]} for the per-channel vectors
   */
  public void forwardTraining(long handle, long dataDesc, long x, long y, long paramDesc, long gamma, long beta,
      double momentum, long runningMean, long runningVar, double epsilon, long savedMean, long savedInvStd) {
    cudnn.check(training, training.invokeStatus(handle, SPATIAL, cudnn.one(), cudnn.zero(), dataDesc, x, dataDesc,
        y, paramDesc, gamma, beta, momentum, runningMean, runningVar, epsilon, savedMean, savedInvStd));
  }

  /** Gradients of input, scale and shift, all overwritten. */
  public void backward(long handle, long dataDesc, long x, long dy, long dx, long paramDesc, long gamma,
      long dGamma, long dBeta, double epsilon, long savedMean, long savedInvStd) {
    cudnn.check(backward, backward.invokeStatus(handle, SPATIAL, cudnn.one(), cudnn.zero(), cudnn.one(),
        cudnn.zero(), dataDesc, x, dataDesc, dy, dataDesc, dx, paramDesc, gamma, dGamma, dBeta, epsilon, savedMean,
        savedInvStd));
  }
}
