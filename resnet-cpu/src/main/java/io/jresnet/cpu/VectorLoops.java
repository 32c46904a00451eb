package io.jresnet.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Small vector loops (with scalar tails) that several backward kernels share. */
final class VectorLoops {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  private VectorLoops() {}

  /** {@code dst[di + i] += src[si + i]} for {@code i < length}. */
  static void addInto(float[] src, int si, float[] dst, int di, int length) {
    int i = 0;
    for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
      FloatVector.fromArray(SPECIES, dst, di + i)
          .add(FloatVector.fromArray(SPECIES, src, si + i))
          .intoArray(dst, di + i);
    }
    for (; i < length; i++) {
      dst[di + i] += src[si + i];
    }
  }

  /** {@code dst[di + i] += alpha * src[si + i]} for {@code i < length}. */
  static void addScaledInto(float alpha, float[] src, int si, float[] dst, int di, int length) {
    FloatVector a = FloatVector.broadcast(SPECIES, alpha);
    int i = 0;
    for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
      FloatVector.fromArray(SPECIES, src, si + i)
          .fma(a, FloatVector.fromArray(SPECIES, dst, di + i))
          .intoArray(dst, di + i);
    }
    for (; i < length; i++) {
      dst[di + i] = Math.fma(src[si + i], alpha, dst[di + i]);
    }
  }

  /** {@code dst[di + i] += a[ai + i] * b[bi + i]} for {@code i < length}. */
  static void addProductInto(float[] a, int ai, float[] b, int bi, float[] dst, int di, int length) {
    int i = 0;
    for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
      FloatVector.fromArray(SPECIES, a, ai + i)
          .fma(FloatVector.fromArray(SPECIES, b, bi + i), FloatVector.fromArray(SPECIES, dst, di + i))
          .intoArray(dst, di + i);
    }
    for (; i < length; i++) {
      dst[di + i] = Math.fma(a[ai + i], b[bi + i], dst[di + i]);
    }
  }
}
