package io.jresnet.cpu;

import static io.jresnet.cpu.WinogradTransforms.LANES;
import static io.jresnet.cpu.WinogradTransforms.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * The three transforms of Winograd's F(2×2, 3×3) (interpolation points 0, ±1 and ∞): a 4×4 input tile {@code d}
 * becomes {@code V = Bᵀ d B}, a 3×3 filter {@code g} becomes {@code U = G g Gᵀ}, and {@code M = U ⊙ V} becomes the
 * 2×2 output tile {@code Y = Aᵀ M A}; same layouts and conventions as {@link WinogradTransforms}, with 16 points
 * instead of 36. It saves fewer multiplications than F(4×4, 3×3) (2.25× against 4×) but its filters take 16 floats
 * per weight instead of 36, and a layer has four times as many tiles, so it wins where streaming the filters costs
 * more than the multiplications (see {@link WinogradConv#choose}). Its transforms only add, subtract and halve, so its
 * rounding error is close to the direct convolution's.
 */
final class WinogradTransforms2x2 {
  static final int OUT = 2;
  static final int IN = 4;
  static final int POSITIONS = IN * IN;

  private static final float[][] BT = {
    {1, 0, -1, 0},
    {0, 1, 1, 0},
    {0, -1, 1, 0},
    {0, 1, 0, -1},
  };
  private static final float[][] AT = {
    {1, 1, 1, 0},
    {0, 1, -1, -1},
  };
  private static final float[][] G = {
    {1, 0, 0},
    {0.5f, 0.5f, 0.5f},
    {0.5f, -0.5f, 0.5f},
    {0, 0, 1},
  };

  private WinogradTransforms2x2() {}

  /** {@link WinogradTransforms#inputTile} for a 4×4 tile: pixel {@code (i, j)} from {@code a[i * 4 + j]}. */
  static void inputTile(float[][] a, int[] o, int c, float[] tmp, float[] v, int vOffset, int vStride) {
    for (int s = 0; s < POSITIONS; s += IN) {
      FloatVector d0 = FloatVector.fromArray(SPECIES, a[s], o[s] + c);
      FloatVector d1 = FloatVector.fromArray(SPECIES, a[s + 1], o[s + 1] + c);
      FloatVector d2 = FloatVector.fromArray(SPECIES, a[s + 2], o[s + 2] + c);
      FloatVector d3 = FloatVector.fromArray(SPECIES, a[s + 3], o[s + 3] + c);
      int t = s * LANES;
      d0.sub(d2).intoArray(tmp, t);
      d1.add(d2).intoArray(tmp, t + LANES);
      d2.sub(d1).intoArray(tmp, t + 2 * LANES);
      d1.sub(d3).intoArray(tmp, t + 3 * LANES);
    }
    int step = IN * LANES;
    int rowStride = IN * vStride;
    for (int k = 0; k < IN; k++) {
      int t = k * LANES;
      FloatVector d0 = FloatVector.fromArray(SPECIES, tmp, t);
      FloatVector d1 = FloatVector.fromArray(SPECIES, tmp, t + step);
      FloatVector d2 = FloatVector.fromArray(SPECIES, tmp, t + 2 * step);
      FloatVector d3 = FloatVector.fromArray(SPECIES, tmp, t + 3 * step);
      int out = vOffset + k * vStride;
      d0.sub(d2).intoArray(v, out);
      d1.add(d2).intoArray(v, out + rowStride);
      d2.sub(d1).intoArray(v, out + 2 * rowStride);
      d1.sub(d3).intoArray(v, out + 3 * rowStride);
    }
  }

  /** {@link WinogradTransforms#outputTile} for a 4×4 {@code M}: {@code Y[l][k]} to {@code out[(l * 2 + k) * LANES]}. */
  static void outputTile(float[] m, int mOffset, int mStride, float[] tmp, float[] out) {
    for (int i = 0; i < IN; i++) {
      int in = mOffset + i * IN * mStride;
      FloatVector m0 = FloatVector.fromArray(SPECIES, m, in);
      FloatVector m1 = FloatVector.fromArray(SPECIES, m, in + mStride);
      FloatVector m2 = FloatVector.fromArray(SPECIES, m, in + 2 * mStride);
      FloatVector m3 = FloatVector.fromArray(SPECIES, m, in + 3 * mStride);
      int t = i * OUT * LANES;
      m0.add(m1).add(m2).intoArray(tmp, t);
      m1.sub(m2).sub(m3).intoArray(tmp, t + LANES);
    }
    int step = OUT * LANES;
    for (int k = 0; k < OUT; k++) {
      int t = k * LANES;
      FloatVector m0 = FloatVector.fromArray(SPECIES, tmp, t);
      FloatVector m1 = FloatVector.fromArray(SPECIES, tmp, t + step);
      FloatVector m2 = FloatVector.fromArray(SPECIES, tmp, t + 2 * step);
      FloatVector m3 = FloatVector.fromArray(SPECIES, tmp, t + 3 * step);
      m0.add(m1).add(m2).intoArray(out, t);
      m1.sub(m2).sub(m3).intoArray(out, t + step);
    }
  }

  /** {@link WinogradTransforms#filterTaps} for F(2×2, 3×3)'s {@code G}: four outputs. */
  static void filterTaps(
      FloatVector g0, FloatVector g1, FloatVector g2, float[] out, int outOffset, int outStride) {
    FloatVector sum02 = g0.add(g2);
    g0.intoArray(out, outOffset);
    sum02.add(g1).mul(0.5f).intoArray(out, outOffset + outStride);
    sum02.sub(g1).mul(0.5f).intoArray(out, outOffset + 2 * outStride);
    g2.intoArray(out, outOffset + 3 * outStride);
  }

  /** The scalar twin of {@link #inputTile}: 4×4 {@code d} to 4×4 {@code v}; uses 16 floats of {@code tmp}. */
  static void inputScalar(float[] in, int inOffset, float[] out, int outOffset, float[] tmp, int tmpOffset) {
    WinogradTransforms.twoSided(BT, in, inOffset, IN, out, outOffset, tmp, tmpOffset);
  }

  /** The scalar twin of {@link #outputTile}: 4×4 {@code m} to 2×2 {@code y}; uses 8 floats of {@code tmp}. */
  static void outputScalar(float[] in, int inOffset, float[] out, int outOffset, float[] tmp, int tmpOffset) {
    WinogradTransforms.twoSided(AT, in, inOffset, IN, out, outOffset, tmp, tmpOffset);
  }

  /**
   * The scalar twin of {@link #filterTaps} applied twice: 3×3 {@code g} to 4×4 {@code u}; uses 12 floats of
   * {@code tmp}.
   */
  static void filterScalar(float[] in, int inOffset, float[] out, int outOffset, float[] tmp, int tmpOffset) {
    WinogradTransforms.twoSided(G, in, inOffset, 3, out, outOffset, tmp, tmpOffset);
  }
}
