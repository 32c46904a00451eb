package io.jresnet.cpu;

import io.jresnet.backend.NormKernels;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Inference batch-norm over the last (channel) axis: the statistics are folded once per call into a per-channel
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

  private float[] perChannel(Tensor t, Shape expected, String name) {
    CpuTensor ct = args.require(t, KERNEL, name);
    KernelArgs.requireShape(ct, expected, KERNEL, name);
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
