package io.jresnet.cuda;

import io.jresnet.backend.LossKernels;
import io.jresnet.tensor.Tensor;
import jcuda.Pointer;

/**
 * Softmax cross-entropy by the fused {@code softmax_cross_entropy_f32} kernel: one block per row computes the loss,
 * the gradient and the probabilities in one pass; the per-row losses come back to the host and are added in row
 * order (deterministic).
 */
final class CudaLoss implements LossKernels {
  private final CudaBackend b;
  private final CudaArgs args;

  CudaLoss(CudaBackend backend) {
    this.b = backend;
    this.args = backend.args();
  }

  @Override
  public double softmaxCrossEntropy(Tensor logits, int[] labels, float labelSmoothing, Tensor dLogits,
      Tensor probabilities) {
    String kernel = "softmaxCrossEntropy";
    CudaTensor zt = args.require(logits, kernel, "logits");
    CudaTensor dzt = args.optional(dLogits, kernel, "dLogits");
    CudaTensor pt = args.optional(probabilities, kernel, "probabilities");
    CudaArgs.requireRank(zt, 2, "[N, K]", kernel, "logits");
    CudaArgs.requireShape(dzt, zt.shape(), kernel, "dLogits");
    CudaArgs.requireShape(pt, zt.shape(), kernel, "probabilities");
    int n = zt.shape().dim(0);
    int k = zt.shape().dim(1);
    checkLabels(kernel, labels, n, k, zt);
    if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
      throw new IllegalArgumentException(kernel + ": labelSmoothing must be in [0, 1), got " + labelSmoothing);
    }
    b.enter();
    double[] rowLoss = new double[n];
    try (DeviceBuffer labelBuffer = b.scratch((long) n * Integer.BYTES);
        DeviceBuffer lossBuffer = b.scratch((long) n * Double.BYTES)) {
      b.upload(labelBuffer.address(), Pointer.to(labels), (long) n * Integer.BYTES);
      b.kernels().launchGrid("softmax_cross_entropy_f32", n, 1, PtxKernels.BLOCK, 1, zt.address(),
          labelBuffer.address(), labelSmoothing, dzt == null ? 0L : dzt.address(), pt == null ? 0L : pt.address(),
          lossBuffer.address(), n, k);
      b.download(Pointer.to(rowLoss), lossBuffer.address(), (long) n * Double.BYTES);
    }
    double total = 0;
    for (double loss : rowLoss) {
      total += loss;
    }
    return total / n;
  }

  static void checkLabels(String kernel, int[] labels, int n, int k, CudaTensor logits) {
    if (n < 1 || k < 1) {
      throw new IllegalArgumentException(
          kernel + ": logits " + logits.shape() + " must hold at least one row and one class");
    }
    if (labels == null) {
      throw new IllegalArgumentException(kernel + ": labels must not be null");
    }
    if (labels.length != n) {
      throw new IllegalArgumentException(kernel + ": labels has " + labels.length + " entries, expected " + n
          + " (one per row of logits)");
    }
    for (int row = 0; row < n; row++) {
      if (labels[row] < 0 || labels[row] >= k) {
        throw new IllegalArgumentException(
            kernel + ": labels[" + row + "] is " + labels[row] + ", outside [0, " + k + ")");
      }
    }
  }
}
