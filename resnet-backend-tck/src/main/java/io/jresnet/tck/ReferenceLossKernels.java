package io.jresnet.tck;

import io.jresnet.backend.LossKernels;
import io.jresnet.tensor.Tensor;

/** Softmax cross-entropy one row at a time, in {@code double}, with the row maximum subtracted before exp(). */
final class ReferenceLossKernels implements LossKernels {
  private final ReferenceBackend backend;

  ReferenceLossKernels(ReferenceBackend backend) {
    this.backend = backend;
  }

  @Override
  public double softmaxCrossEntropy(
      Tensor logits, int[] labels, float labelSmoothing, Tensor dLogits, Tensor probabilities) {
    ReferenceArgs args = new ReferenceArgs(backend, "softmaxCrossEntropy");
    float[] zs = args.data("logits", logits);
    float[] dzs = args.optionalData("dLogits", dLogits);
    float[] ps = args.optionalData("probabilities", probabilities);
    args.requireRank("logits", logits, 2, "[N, K]");
    args.requireShape("dLogits", dLogits, logits.shape());
    args.requireShape("probabilities", probabilities, logits.shape());
    int n = logits.shape().dim(0);
    int k = logits.shape().dim(1);
    if (n < 1 || k < 1) {
      throw args.error("logits " + logits.shape() + " must hold at least one row and one class");
    }
    if (labels == null) {
      throw args.error("labels must not be null");
    }
    if (labels.length != n) {
      throw args.error("labels has " + labels.length + " entries, expected " + n + " (one per row of logits)");
    }
    for (int row = 0; row < n; row++) {
      if (labels[row] < 0 || labels[row] >= k) {
        throw args.error("labels[" + row + "] is " + labels[row] + ", outside [0, " + k + ")");
      }
    }
    if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
      throw args.error("labelSmoothing must be in [0, 1), got " + labelSmoothing);
    }

    double offTarget = (double) labelSmoothing / k;
    double onTarget = 1 - (double) labelSmoothing + offTarget;
    double total = 0;
    double[] logProb = new double[k];
    for (int row = 0; row < n; row++) {
      int start = row * k;
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        max = Math.max(max, zs[start + j]);
      }
      double sumExp = 0;
      for (int j = 0; j < k; j++) {
        sumExp += Math.exp(zs[start + j] - max);
      }
      double logSumExp = Math.log(sumExp);
      double loss = 0;
      for (int j = 0; j < k; j++) {
        logProb[j] = zs[start + j] - max - logSumExp;
        loss -= (j == labels[row] ? onTarget : offTarget) * logProb[j];
      }
      total += loss;
      for (int j = 0; j < k; j++) {
        double p = Math.exp(logProb[j]);
        if (ps != null) {
          ps[start + j] = (float) p;
        }
        if (dzs != null) {
          dzs[start + j] = (float) ((p - (j == labels[row] ? onTarget : offTarget)) / n);
        }
      }
    }
    return total / n;
  }
}
