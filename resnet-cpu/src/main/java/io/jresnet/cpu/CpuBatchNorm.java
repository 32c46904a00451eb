package io.jresnet.cpu;

import io.jresnet.backend.NormKernels;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Batch-norm over the last (channel) axis; training mode and its backward live in {@link CpuBatchNormTraining}.
 * Inference: the statistics are folded once per call into a per-channel
 * {@code scale = gamma / sqrt(var + eps)} and {@code shift = beta - mean * scale}, then every row of channels is one
 * vectorised FMA (plus an optional max with zero). Parallel over rows.
 */
final class CpuBatchNorm implements NormKernels {
  private static final String KERNEL = "batchNormInference";
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  /** Rows per task: enough work to pay for a hand-off. */
  private static final int GRAIN_FLOATS = 1 << 14;

  private final CpuComputePool pool;
  private final KernelArgs args;

  CpuBatchNorm(CpuComputePool pool, KernelArgs args) {
    this.pool = pool;
    this.args = args;
  }

  @Override
  public void batchNormInference(
      Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor var, float epsilon, boolean relu, Tensor y) {
    CpuTensor xt = args.require(x, KERNEL, "x");
    CpuTensor yt = args.require(y, KERNEL, "y");
    if (xt.shape().rank() < 1) {
      throw new IllegalArgumentException(KERNEL + ": x must have a channel axis, got shape " + xt.shape());
    }
    KernelArgs.requireShape(yt, xt.shape(), KERNEL, "y");
    int channels = xt.shape().dim(-1);
    Shape perChannel = Shape.of(channels);
    float[] g = perChannel(gamma, perChannel, "gamma");
    float[] b = perChannel(beta, perChannel, "beta");
    float[] m = perChannel(mean, perChannel, "mean");
    float[] v = perChannel(var, perChannel, "var");
    if (!(epsilon >= 0f)) {
      throw new IllegalArgumentException(KERNEL + ": epsilon must be >= 0, got " + epsilon);
    }
    float[] scale = new float[channels];
    float[] shift = new float[channels];
    for (int c = 0; c < channels; c++) {
      double s = g[c] / Math.sqrt((double) v[c] + epsilon);
      scale[c] = (float) s;
      shift[c] = (float) (b[c] - m[c] * s);
    }
    float[] in = xt.data();
    float[] out = yt.data();
    int rows = channels == 0 ? 0 : in.length / channels;
    pool.parallelRange(rows, Math.max(1, GRAIN_FLOATS / Math.max(1, channels)), (from, to, participant) -> {
      for (int r = from; r < to; r++) {
        normaliseRow(in, out, r * channels, scale, shift, relu);
      }
    });
  }

  @Override
  public void batchNormTraining(
      Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, float epsilon, float momentum,
      Tensor savedMean, Tensor savedInvStd, Tensor y) {
    batchNormTraining(x, gamma, beta, runningMean, runningVar, epsilon, momentum, savedMean, savedInvStd, false, y);
  }

  @Override
  public void batchNormTraining(
      Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, float epsilon, float momentum,
      Tensor savedMean, Tensor savedInvStd, boolean relu, Tensor y) {
    String kernel = "batchNormTraining";
    CpuTensor xt = args.require(x, kernel, "x");
    CpuTensor yt = args.require(y, kernel, "y");
    int channels = channels(xt, kernel);
    KernelArgs.requireShape(yt, xt.shape(), kernel, "y");
    KernelArgs.requireDistinct(yt, xt, kernel, "y", "x");
    Shape perChannel = Shape.of(channels);
    float[] g = perChannel(kernel, gamma, perChannel, "gamma");
    float[] b = perChannel(kernel, beta, perChannel, "beta");
    float[] rm = perChannel(kernel, runningMean, perChannel, "runningMean");
    float[] rv = perChannel(kernel, runningVar, perChannel, "runningVar");
    float[] sm = perChannel(kernel, savedMean, perChannel, "savedMean");
    float[] si = perChannel(kernel, savedInvStd, perChannel, "savedInvStd");
    if (!(epsilon >= 0f)) {
      throw new IllegalArgumentException(kernel + ": epsilon must be >= 0, got " + epsilon);
    }
    if (!(momentum >= 0f && momentum <= 1f)) {
      throw new IllegalArgumentException(kernel + ": momentum must be in [0, 1], got " + momentum);
    }
    if (channels == 0) {
      return;
    }
    if (xt.shape().size() / channels < 2) {
      throw new IllegalArgumentException(
          kernel + ": x " + xt.shape() + " has only one value per channel; training needs at least two");
    }
    CpuBatchNormTraining.forward(
        pool, xt.data(), channels, g, b, rm, rv, epsilon, momentum, sm, si, relu, yt.data());
  }

  @Override
  public void batchNormBackward(
      Tensor dy, Tensor x, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor dx, Tensor dGamma,
      Tensor dBeta) {
    backward("batchNormBackward", null, dy, x, gamma, savedMean, savedInvStd, dx, dGamma, dBeta);
  }

  @Override
  public void batchNormReluBackward(
      Tensor reluOutput, Tensor dy, Tensor x, Tensor gamma, Tensor savedMean, Tensor savedInvStd, Tensor dx,
      Tensor dGamma, Tensor dBeta) {
    String kernel = "batchNormReluBackward";
    backward(kernel, args.require(reluOutput, kernel, "reluOutput"), dy, x, gamma, savedMean, savedInvStd, dx,
        dGamma, dBeta);
  }

  /** Both backward kernels; {@code mask} (a fused ReLU's output) may be null. */
  private void backward(
      String kernel, CpuTensor mask, Tensor dy, Tensor x, Tensor gamma, Tensor savedMean, Tensor savedInvStd,
      Tensor dx, Tensor dGamma, Tensor dBeta) {
    CpuTensor dyt = args.require(dy, kernel, "dy");
    CpuTensor xt = args.require(x, kernel, "x");
    CpuTensor dxt = args.require(dx, kernel, "dx");
    int channels = channels(xt, kernel);
    KernelArgs.requireShape(dyt, xt.shape(), kernel, "dy");
    KernelArgs.requireShape(dxt, xt.shape(), kernel, "dx");
    if (mask != null) {
      KernelArgs.requireShape(mask, xt.shape(), kernel, "reluOutput");
    }
    Shape perChannel = Shape.of(channels);
    float[] g = perChannel(kernel, gamma, perChannel, "gamma");
    float[] sm = perChannel(kernel, savedMean, perChannel, "savedMean");
    float[] si = perChannel(kernel, savedInvStd, perChannel, "savedInvStd");
    float[] dg = perChannel(kernel, dGamma, perChannel, "dGamma");
    float[] db = perChannel(kernel, dBeta, perChannel, "dBeta");
    if (channels == 0 || xt.shape().size() == 0) {
      Arrays.fill(dg, 0f);
      Arrays.fill(db, 0f);
      return;
    }
    CpuBatchNormTraining.backward(
        pool, dyt.data(), mask == null ? null : mask.data(), xt.data(), channels, g, sm, si, dxt.data(), dg, db);
  }

  private static int channels(CpuTensor x, String kernel) {
    if (x.shape().rank() < 1) {
      throw new IllegalArgumentException(kernel + ": x must have a channel axis, got shape " + x.shape());
    }
    return x.shape().dim(-1);
  }

  private float[] perChannel(Tensor t, Shape expected, String name) {
    return perChannel(KERNEL, t, expected, name);
  }

  private float[] perChannel(String kernel, Tensor t, Shape expected, String name) {
    CpuTensor ct = args.require(t, kernel, name);
    KernelArgs.requireShape(ct, expected, kernel, name);
    return ct.data();
  }
  private static void normaliseRow(float[] in, float[] out, int offset, float[] scale, float[] shift, boolean relu) {
    int channels = scale.length;
    int bound = SPECIES.loopBound(channels);
    int c = 0;
    for (; c < bound; c += SPECIES.length()) {
      FloatVector v = FloatVector.fromArray(SPECIES, in, offset + c)
          .fma(FloatVector.fromArray(SPECIES, scale, c), FloatVector.fromArray(SPECIES, shift, c));
      (relu ? v.max(0f) : v).intoArray(out, offset + c);
    }
    for (; c < channels; c++) {
      float v = Math.fma(in[offset + c], scale[c], shift[c]);
      out[offset + c] = relu ? Math.max(v, 0f) : v;
    }
  }
}
