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

  /**
   * Four {@link #addScaledInto} calls in one pass over {@code dst}: {@code dst[di + i] += alpha_r * src[si + r *
   * stride + i]} for {@code r = 0..3} in that order, with the same roundings as the four calls one after another
   * (each element's chain of fused multiply-adds is the same), but reading and writing {@code dst} once.
   */
  static void addScaledRowsInto(
      float alpha0, float alpha1, float alpha2, float alpha3, float[] src, int si, int stride, float[] dst, int di,
      int length) {
    FloatVector a0 = FloatVector.broadcast(SPECIES, alpha0);
    FloatVector a1 = FloatVector.broadcast(SPECIES, alpha1);
    FloatVector a2 = FloatVector.broadcast(SPECIES, alpha2);
    FloatVector a3 = FloatVector.broadcast(SPECIES, alpha3);
    int s1 = si + stride;
    int s2 = s1 + stride;
    int s3 = s2 + stride;
    int i = 0;
    for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
      FloatVector acc = FloatVector.fromArray(SPECIES, dst, di + i);
      acc = FloatVector.fromArray(SPECIES, src, si + i).fma(a0, acc);
      acc = FloatVector.fromArray(SPECIES, src, s1 + i).fma(a1, acc);
      acc = FloatVector.fromArray(SPECIES, src, s2 + i).fma(a2, acc);
      FloatVector.fromArray(SPECIES, src, s3 + i).fma(a3, acc).intoArray(dst, di + i);
    }
    for (; i < length; i++) {
      float acc = Math.fma(src[si + i], alpha0, dst[di + i]);
      acc = Math.fma(src[s1 + i], alpha1, acc);
      acc = Math.fma(src[s2 + i], alpha2, acc);
      dst[di + i] = Math.fma(src[s3 + i], alpha3, acc);
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
