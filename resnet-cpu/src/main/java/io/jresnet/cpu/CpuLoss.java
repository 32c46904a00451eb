package io.jresnet.cpu;

import io.jresnet.backend.LossKernels;
import io.jresnet.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Softmax cross-entropy fused per row of logits: the row maximum (vectorised over the classes), then
 * {@code sum exp(x - max)} (and {@code sum x} for label smoothing), then the probabilities and the gradient in one
 * last pass. Rows are independent and the batch loss adds the row losses in row order, so the result does not depend
 * on the threads. With {@code lse = max + log(sum exp(x - max))} and the smoothed target {@code t}, a row's loss is
 * {@code lse - (1 - s) x[label] - (s / K) sum x}, since the targets sum to one.
 */
final class CpuLoss implements LossKernels {
  private static final String KERNEL = "softmaxCrossEntropy";
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final int GRAIN_FLOATS = 1 << 14;

  private final CpuComputePool pool;
  private final KernelArgs args;

  CpuLoss(CpuComputePool pool, KernelArgs args) {
    this.pool = pool;
    this.args = args;
  }

  @Override
  public double softmaxCrossEntropy(
      Tensor logits, int[] labels, float labelSmoothing, Tensor dLogits, Tensor probabilities) {
    CpuTensor xt = args.require(logits, KERNEL, "logits");
    CpuTensor gt = args.optional(dLogits, KERNEL, "dLogits");
    CpuTensor pt = args.optional(probabilities, KERNEL, "probabilities");
    KernelArgs.requireRank(xt, 2, "[N, K]", KERNEL, "logits");
    int n = xt.shape().dim(0);
    int k = xt.shape().dim(1);
    if (gt != null) {
      KernelArgs.requireShape(gt, xt.shape(), KERNEL, "dLogits");
      KernelArgs.requireDistinct(gt, xt, KERNEL, "dLogits", "logits");
    }
    if (pt != null) {
      KernelArgs.requireShape(pt, xt.shape(), KERNEL, "probabilities");
      KernelArgs.requireDistinct(pt, xt, KERNEL, "probabilities", "logits");
      if (gt != null) {
        KernelArgs.requireDistinct(pt, gt, KERNEL, "probabilities", "dLogits");
      }
    }
    checkLabels(labels, n, k);
    if (!(labelSmoothing >= 0f && labelSmoothing < 1f)) {
      throw new IllegalArgumentException(KERNEL + ": labelSmoothing must be in [0, 1), got " + labelSmoothing);
    }
    if (n == 0) {
      throw new IllegalArgumentException(
          KERNEL + ": logits " + xt.shape() + " is an empty batch; the mean is undefined");
    }
    float[] x = xt.data();
    float[] grad = gt == null ? null : gt.data();
    float[] prob = pt == null ? null : pt.data();
    double[] rowLoss = new double[n];
    pool.parallelRange(n, Math.max(1, GRAIN_FLOATS / k), (from, to, participant) -> {
      for (int r = from; r < to; r++) {
        rowLoss[r] = row(x, r * k, k, labels[r], labelSmoothing, n, grad, prob);
      }
    });
    double total = 0;
    for (double l : rowLoss) {
      total += l;
    }
    return total / n;
  }

  private static void checkLabels(int[] labels, int n, int k) {
    if (labels == null) {
      throw new IllegalArgumentException(KERNEL + ": labels is null");
    }
    if (labels.length != n) {
      throw new IllegalArgumentException(
          KERNEL + ": got " + labels.length + " labels for a batch of " + n + " rows of logits");
    }
    for (int i = 0; i < n; i++) {
      if (labels[i] < 0 || labels[i] >= k) {
        throw new IllegalArgumentException(
            KERNEL + ": labels[" + i + "] = " + labels[i] + " is not a class index in [0, " + k + ")");
      }
    }
  }

  /** One row: returns its loss, writes its probabilities and gradient where asked. */
  private static double row(
      float[] x, int o, int k, int label, float smoothing, int n, float[] grad, float[] prob) {
    int bound = SPECIES.loopBound(k);
    FloatVector maxV = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
    int i = 0;
    for (; i < bound; i += LANES) {
      maxV = maxV.max(FloatVector.fromArray(SPECIES, x, o + i));
    }
    float max = maxV.reduceLanes(VectorOperators.MAX);
    for (; i < k; i++) {
      max = Math.max(max, x[o + i]);
    }
    // Scalar exponentials summed in order (see writeRow): a row costs k exponentials, next to nothing in a step.
    double expSum = 0;
    double xSum = 0;
    for (i = 0; i < k; i++) {
      expSum += Math.exp(x[o + i] - max);
      xSum += x[o + i];
    }
    double lse = max + Math.log(expSum);
    double offValue = (double) smoothing / k;
    double loss = lse - (1 - smoothing) * x[o + label] - offValue * xSum;
    if (grad != null || prob != null) {
      writeRow(x, o, k, label, (float) lse, (float) offValue, 1f - smoothing, 1f / n, grad, prob);
    }
    return loss;
  }

  /**
   * {@code p = exp(x - lse)}, {@code grad = (p - target) / n}: target {@code off}, {@code + on} at the label. Scalar
   * {@link Math#exp} on purpose: the Vector API's lanewise EXP calls a native library once compiled but
   * {@code Math.exp} before, so its results would change as the JIT warms up, and a resumed run would drift from an
   * uninterrupted one.
   */
  private static void writeRow(
      float[] x, int o, int k, int label, float lse, float off, float on, float invN, float[] grad, float[] prob) {
    for (int i = 0; i < k; i++) {
      float p = (float) Math.exp(x[o + i] - lse);
      if (prob != null) {
        prob[o + i] = p;
      }
      if (grad != null) {
        grad[o + i] = (p - off) * invN;
      }
    }
    if (grad != null) {
      float p = (float) Math.exp(x[o + label] - lse);
      grad[o + label] = (p - off - on) * invN;
    }
  }
}
