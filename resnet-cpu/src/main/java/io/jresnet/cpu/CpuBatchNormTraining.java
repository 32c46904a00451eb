package io.jresnet.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Training-mode batch-norm over the last (channel) axis of a {@code [rows, channels]} view. Forward: one sweep for
 * the statistics ({@link ChannelMoments#meanAndCentredSquares}: chunk by chunk, the mean and then the centred
 * squares while the chunk is in cache, which avoids the cancellation of {@code E[x²] - E[x]²}) and one normalising
 * pass. Backward: one sweep for {@code sum dy} and {@code sum dy (x - mean)} together, then
 * {@code dx = a dy + b x + c} per channel, two FMAs per vector.
 */
final class CpuBatchNormTraining {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int GRAIN_FLOATS = 1 << 14;

  private CpuBatchNormTraining() {}

  /**
   * Normalises {@code x} into {@code y} with the batch statistics (then applies ReLU when {@code relu}), writes
   * {@code savedMean}/{@code savedInvStd} and moves the running statistics (unbiased variance) by {@code momentum}.
   */
  static void forward(
      CpuComputePool pool, float[] x, int channels, float[] gamma, float[] beta, float[] runningMean,
      float[] runningVar, float epsilon, float momentum, float[] savedMean, float[] savedInvStd, boolean relu,
      float[] y) {
    int rows = x.length / channels;
    ChannelMoments.Moments moments = ChannelMoments.meanAndCentredSquares(pool, x, rows, channels);
    double[] mean = moments.mean();
    double[] squares = moments.centredSquares();
    float[] scale = new float[channels];
    float[] shift = new float[channels];
    for (int c = 0; c < channels; c++) {
      double var = squares[c] / rows;
      double invStd = 1 / Math.sqrt(var + epsilon);
      savedMean[c] = (float) mean[c];
      savedInvStd[c] = (float) invStd;
      double s = gamma[c] * invStd;
      scale[c] = (float) s;
      shift[c] = (float) (beta[c] - mean[c] * s);
      runningMean[c] = (float) ((1 - (double) momentum) * runningMean[c] + momentum * mean[c]);
      double unbiased = squares[c] / (rows - 1);
      runningVar[c] = (float) ((1 - (double) momentum) * runningVar[c] + momentum * unbiased);
    }
    if (relu) {
      normaliseRelu(pool, x, y, rows, scale, shift);
    } else {
      affine(pool, x, null, y, rows, scale, null, shift);
    }
  }

  /**
   * Writes {@code dx}, {@code dGamma} and {@code dBeta}; {@code dx} may be {@code dy}. With a {@code mask} (the
   * output of a fused ReLU), {@code dy} counts only where the mask is positive: the same bits as masking it first.
   */
  static void backward(
      CpuComputePool pool, float[] dy, float[] mask, float[] x, int channels, float[] gamma, float[] savedMean,
      float[] savedInvStd, float[] dx, float[] dGamma, float[] dBeta) {
    int rows = x.length / channels;
    ChannelMoments.Sums sums = ChannelMoments.sumsAndCentredProducts(pool, dy, mask, x, savedMean, rows, channels);
    double[] sumDy = sums.sumDy();
    double[] sumDyXc = sums.sumDyXc();
    float[] dyScale = new float[channels];
    float[] xScale = new float[channels];
    float[] shift = new float[channels];
    for (int c = 0; c < channels; c++) {
      double invStd = savedInvStd[c];
      double dg = sumDyXc[c] * invStd;
      dGamma[c] = (float) dg;
      dBeta[c] = (float) sumDy[c];
      // dx = gamma·invStd·(dy − sum(dy)/M − x̂·dGamma/M), with x̂ = (x − mean)·invStd, as a·dy + b·x + c.
      double a = gamma[c] * invStd;
      double b = -a * invStd * dg / rows;
      dyScale[c] = (float) a;
      xScale[c] = (float) b;
      shift[c] = (float) (-b * savedMean[c] - a * sumDy[c] / rows);
    }
    if (mask == null) {
      affine(pool, dy, x, dx, rows, dyScale, xScale, shift);
    } else {
      maskedAffine(pool, dy, mask, x, dx, rows, dyScale, xScale, shift);
    }
  }

  /** {@code y = max(x * scale + shift, 0)} per row of channels. */
  private static void normaliseRelu(
      CpuComputePool pool, float[] x, float[] y, int rows, float[] scale, float[] shift) {
    int channels = shift.length;
    pool.parallelRange(rows, Math.max(1, GRAIN_FLOATS / channels), (from, to, participant) -> {
      int bound = SPECIES.loopBound(channels);
      for (int r = from; r < to; r++) {
        int o = r * channels;
        int c = 0;
        for (; c < bound; c += SPECIES.length()) {
          FloatVector.fromArray(SPECIES, x, o + c)
              .fma(FloatVector.fromArray(SPECIES, scale, c), FloatVector.fromArray(SPECIES, shift, c))
              .max(0f)
              .intoArray(y, o + c);
        }
        for (; c < channels; c++) {
          y[o + c] = Math.max(Math.fma(x[o + c], scale[c], shift[c]), 0f);
        }
      }
    });
  }

  /** {@code out = (mask > 0 ? dy : 0) * scaleDy + x * scaleX + shift}, as {@link #affine} on a masked dy. */
  private static void maskedAffine(
      CpuComputePool pool, float[] dy, float[] mask, float[] x, float[] out, int rows, float[] scaleDy,
      float[] scaleX, float[] shift) {
    int channels = shift.length;
    pool.parallelRange(rows, Math.max(1, GRAIN_FLOATS / channels), (from, to, participant) -> {
      int bound = SPECIES.loopBound(channels);
      FloatVector zero = FloatVector.zero(SPECIES);
      for (int r = from; r < to; r++) {
        int o = r * channels;
        int c = 0;
        for (; c < bound; c += SPECIES.length()) {
          FloatVector d = zero.blend(
              FloatVector.fromArray(SPECIES, dy, o + c),
              FloatVector.fromArray(SPECIES, mask, o + c).compare(VectorOperators.GT, 0f));
          FloatVector partial =
              d.fma(FloatVector.fromArray(SPECIES, scaleDy, c), FloatVector.fromArray(SPECIES, shift, c));
          FloatVector.fromArray(SPECIES, x, o + c)
              .fma(FloatVector.fromArray(SPECIES, scaleX, c), partial)
              .intoArray(out, o + c);
        }
        for (; c < channels; c++) {
          float d = mask[o + c] > 0f ? dy[o + c] : 0f;
          out[o + c] = Math.fma(x[o + c], scaleX[c], Math.fma(d, scaleDy[c], shift[c]));
        }
      }
    });
  }

  /** {@code out = a * scaleA + b * scaleB + shift} per row of channels ({@code b} may be null). */
  private static void affine(
      CpuComputePool pool, float[] a, float[] b, float[] out, int rows, float[] scaleA, float[] scaleB,
      float[] shift) {
    int channels = shift.length;
    pool.parallelRange(rows, Math.max(1, GRAIN_FLOATS / channels), (from, to, participant) -> {
      int bound = SPECIES.loopBound(channels);
      for (int r = from; r < to; r++) {
        int o = r * channels;
        int c = 0;
        // Two loops rather than one with an optional term: a vector assigned on only some paths gets boxed by C2.
        if (b == null) {
          for (; c < bound; c += SPECIES.length()) {
            FloatVector.fromArray(SPECIES, a, o + c)
                .fma(FloatVector.fromArray(SPECIES, scaleA, c), FloatVector.fromArray(SPECIES, shift, c))
                .intoArray(out, o + c);
          }
        } else {
          for (; c < bound; c += SPECIES.length()) {
            FloatVector partial = FloatVector.fromArray(SPECIES, a, o + c)
                .fma(FloatVector.fromArray(SPECIES, scaleA, c), FloatVector.fromArray(SPECIES, shift, c));
            FloatVector.fromArray(SPECIES, b, o + c)
                .fma(FloatVector.fromArray(SPECIES, scaleB, c), partial)
                .intoArray(out, o + c);
          }
        }
        for (; c < channels; c++) {
          float v = Math.fma(a[o + c], scaleA[c], shift[c]);
          out[o + c] = b == null ? v : Math.fma(b[o + c], scaleB[c], v);
        }
      }
    });
  }
}
