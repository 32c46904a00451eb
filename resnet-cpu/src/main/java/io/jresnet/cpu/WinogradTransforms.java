package io.jresnet.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The three transforms of Winograd's F(4×4, 3×3) (Lavin and Gray, interpolation points 0, ±1, ±2 and ∞): a 6×6 input
 * tile {@code d} becomes {@code V = Bᵀ d B}, a 3×3 filter {@code g} becomes {@code U = G g Gᵀ}, and the product
 * {@code M = U ⊙ V} (summed over input channels) becomes the 4×4 output tile {@code Y = Aᵀ M A}. Each 2-D transform
 * is its 1-D transform applied to the rows, then to the columns.
 *
 * <p>All three work on NHWC / HWIO data, vectorised over the contiguous channel axis: one call transforms
 * {@link #LANES} channels of one tile. The scalar {@link #inputScalar}, {@link #outputScalar} and
 * {@link #filterScalar} handle the channels left over below a vector, and are the plain twins the tests check the
 * vector paths against.
 *
 * <p>Measured with float32 arithmetic on ResNet-like data (He-init weights, post-ReLU inputs, up to 512 input
 * channels), the relative error ‖y − ref‖ / ‖ref‖ of these points stays within 1.3e-6 to 4e-6, against ~2e-7 for the
 * direct convolution: well inside the backends' 1e-5 / 1e-4 contract.
 */
final class WinogradTransforms {
  static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  static final int LANES = SPECIES.length();
  /** Output tile side. */
  static final int OUT = 4;
  /** Input tile side: {@code OUT + 3 - 1}. */
  static final int IN = 6;
  /** Points of the transform domain: one GEMM each. */
  static final int POSITIONS = IN * IN;

  /** {@code Bᵀ}, rows × columns, for the scalar twins. */
  private static final float[][] BT = {
    {4, 0, -5, 0, 1, 0},
    {0, -4, -4, 1, 1, 0},
    {0, 4, -4, -1, 1, 0},
    {0, -2, -1, 2, 1, 0},
    {0, 2, -1, -2, 1, 0},
    {0, 4, 0, -5, 0, 1},
  };
  /** {@code Aᵀ}, rows × columns, for the scalar twins. */
  private static final float[][] AT = {
    {1, 1, 1, 1, 1, 0},
    {0, 1, -1, 2, -2, 0},
    {0, 1, 1, 4, 4, 0},
    {0, 1, -1, 8, -8, 1},
  };

  /** {@code G}, rows × columns, for the scalar twins. */
  private static final float[][] G = {
    {0.25f, 0, 0},
    {-1f / 6, -1f / 6, -1f / 6},
    {-1f / 6, 1f / 6, -1f / 6},
    {1f / 24, 1f / 12, 1f / 6},
    {1f / 24, -1f / 12, 1f / 6},
    {0, 0, 1},
  };

  private WinogradTransforms() {}

  /**
   * {@code V = Bᵀ d B} for {@link #LANES} channels of one tile. Input pixel {@code (i, j)} is read from array
   * {@code a[i * 6 + j]} at {@code o[i * 6 + j] + c} (the input, or an array of zeros for padding, so that no load
   * needs a branch); {@code V[k][l]} is written to {@code v[vOffset + (k * 6 + l) * vStride]}. {@code tmp} holds 36
   * vectors. Both passes are written out here, in one method, rather than calling a helper per row: C2 did not
   * inline such a helper (it had compiled it on its own first), which left twelve calls per tile and vector.
   */
  static void inputTile(float[][] a, int[] o, int c, float[] tmp, float[] v, int vOffset, int vStride) {
    // Rows of the tile: w = d B, w[i][k] at tmp[(i * 6 + k) * LANES].
    for (int s = 0; s < POSITIONS; s += IN) {
      FloatVector d0 = FloatVector.fromArray(SPECIES, a[s], o[s] + c);
      FloatVector d1 = FloatVector.fromArray(SPECIES, a[s + 1], o[s + 1] + c);
      FloatVector d2 = FloatVector.fromArray(SPECIES, a[s + 2], o[s + 2] + c);
      FloatVector d3 = FloatVector.fromArray(SPECIES, a[s + 3], o[s + 3] + c);
      FloatVector d4 = FloatVector.fromArray(SPECIES, a[s + 4], o[s + 4] + c);
      FloatVector d5 = FloatVector.fromArray(SPECIES, a[s + 5], o[s + 5] + c);
      FloatVector s12 = d1.add(d2);
      FloatVector d12 = d1.sub(d2);
      FloatVector d42 = d4.sub(d2);
      FloatVector d31 = d3.sub(d1).mul(2f);
      int t = s * LANES;
      d0.mul(4f).add(d4).sub(d2.mul(5f)).intoArray(tmp, t);
      d3.add(d4).sub(s12.mul(4f)).intoArray(tmp, t + LANES);
      d4.sub(d3).add(d12.mul(4f)).intoArray(tmp, t + 2 * LANES);
      d42.add(d31).intoArray(tmp, t + 3 * LANES);
      d42.sub(d31).intoArray(tmp, t + 4 * LANES);
      d1.mul(4f).add(d5).sub(d3.mul(5f)).intoArray(tmp, t + 5 * LANES);
    }
    // Columns: V = Bᵀ w.
    int step = IN * LANES;
    for (int k = 0; k < IN; k++) {
      int t = k * LANES;
      FloatVector d0 = FloatVector.fromArray(SPECIES, tmp, t);
      FloatVector d1 = FloatVector.fromArray(SPECIES, tmp, t + step);
      FloatVector d2 = FloatVector.fromArray(SPECIES, tmp, t + 2 * step);
      FloatVector d3 = FloatVector.fromArray(SPECIES, tmp, t + 3 * step);
      FloatVector d4 = FloatVector.fromArray(SPECIES, tmp, t + 4 * step);
      FloatVector d5 = FloatVector.fromArray(SPECIES, tmp, t + 5 * step);
      FloatVector s12 = d1.add(d2);
      FloatVector d12 = d1.sub(d2);
      FloatVector d42 = d4.sub(d2);
      FloatVector d31 = d3.sub(d1).mul(2f);
      int out = vOffset + k * vStride;
      int rowStride = IN * vStride;
      d0.mul(4f).add(d4).sub(d2.mul(5f)).intoArray(v, out);
      d3.add(d4).sub(s12.mul(4f)).intoArray(v, out + rowStride);
      d4.sub(d3).add(d12.mul(4f)).intoArray(v, out + 2 * rowStride);
      d42.add(d31).intoArray(v, out + 3 * rowStride);
      d42.sub(d31).intoArray(v, out + 4 * rowStride);
      d1.mul(4f).add(d5).sub(d3.mul(5f)).intoArray(v, out + 5 * rowStride);
    }
  }

  /**
   * {@code Y = Aᵀ M A} for {@link #LANES} channels of one tile: {@code M[i][j]} is read from
   * {@code m[mOffset + (i * 6 + j) * mStride]}, and {@code Y[l][k]} written to {@code out[(l * 4 + k) * LANES]}.
   * {@code tmp} holds 24 vectors. Written out in one method for the reason given at {@link #inputTile}.
   */
  static void outputTile(float[] m, int mOffset, int mStride, float[] tmp, float[] out) {
    // Rows: w = M A, w[i][k] at tmp[(i * 4 + k) * LANES].
    for (int i = 0; i < IN; i++) {
      int in = mOffset + i * IN * mStride;
      FloatVector m0 = FloatVector.fromArray(SPECIES, m, in);
      FloatVector m1 = FloatVector.fromArray(SPECIES, m, in + mStride);
      FloatVector m2 = FloatVector.fromArray(SPECIES, m, in + 2 * mStride);
      FloatVector m3 = FloatVector.fromArray(SPECIES, m, in + 3 * mStride);
      FloatVector m4 = FloatVector.fromArray(SPECIES, m, in + 4 * mStride);
      FloatVector m5 = FloatVector.fromArray(SPECIES, m, in + 5 * mStride);
      FloatVector s12 = m1.add(m2);
      FloatVector s34 = m3.add(m4);
      FloatVector d12 = m1.sub(m2);
      FloatVector d34 = m3.sub(m4);
      int t = i * OUT * LANES;
      m0.add(s12).add(s34).intoArray(tmp, t);
      d12.add(d34.mul(2f)).intoArray(tmp, t + LANES);
      s12.add(s34.mul(4f)).intoArray(tmp, t + 2 * LANES);
      d12.add(d34.mul(8f)).add(m5).intoArray(tmp, t + 3 * LANES);
    }
    // Columns: Y = Aᵀ w.
    int step = OUT * LANES;
    for (int k = 0; k < OUT; k++) {
      int t = k * LANES;
      FloatVector m0 = FloatVector.fromArray(SPECIES, tmp, t);
      FloatVector m1 = FloatVector.fromArray(SPECIES, tmp, t + step);
      FloatVector m2 = FloatVector.fromArray(SPECIES, tmp, t + 2 * step);
      FloatVector m3 = FloatVector.fromArray(SPECIES, tmp, t + 3 * step);
      FloatVector m4 = FloatVector.fromArray(SPECIES, tmp, t + 4 * step);
      FloatVector m5 = FloatVector.fromArray(SPECIES, tmp, t + 5 * step);
      FloatVector s12 = m1.add(m2);
      FloatVector s34 = m3.add(m4);
      FloatVector d12 = m1.sub(m2);
      FloatVector d34 = m3.sub(m4);
      m0.add(s12).add(s34).intoArray(out, t);
      d12.add(d34.mul(2f)).intoArray(out, t + step);
      s12.add(s34.mul(4f)).intoArray(out, t + 2 * step);
      d12.add(d34.mul(8f)).add(m5).intoArray(out, t + 3 * step);
    }
  }

  /**
   * {@code G} applied to three taps (a column of {@code g}, or a row of {@code G g}); output {@code i} goes to
   * {@code out[outOffset + i * outStride]}. {@link WinogradVariant#filter} applies it twice to make {@code U = G g Gᵀ}.
   */
  static void filterTaps(
      FloatVector g0, FloatVector g1, FloatVector g2, float[] out, int outOffset, int outStride) {
    FloatVector sum02 = g0.add(g2);
    FloatVector quarter0 = g0.mul(0.25f);
    FloatVector half1 = g1.mul(0.5f);
    FloatVector q = quarter0.add(g2);
    quarter0.intoArray(out, outOffset);
    sum02.add(g1).mul(-1f / 6).intoArray(out, outOffset + outStride);
    sum02.sub(g1).mul(-1f / 6).intoArray(out, outOffset + 2 * outStride);
    q.add(half1).mul(1f / 6).intoArray(out, outOffset + 3 * outStride);
    q.sub(half1).mul(1f / 6).intoArray(out, outOffset + 4 * outStride);
    g2.intoArray(out, outOffset + 5 * outStride);
  }

  /** Floats of {@code tmp} that {@link #filters} needs. */
  static final int FILTER_TMP = 18 * LANES + 9 + 36 + 18;

  /**
   * Transforms the filters of input channels {@code [ciFrom, ciTo)} of HWIO 3×3 weights {@code [3, 3, cin, cout]} into
   * {@code dst}, row-major {@code [36][cin][cout]}: point {@code p}'s {@code [cin, cout]} matrix starts at
   * {@code p * cin * cout}. Vectorised over output channels; {@code tmp} holds {@link #FILTER_TMP} floats.
   */
  static void filters(float[] hwio, int cin, int cout, int ciFrom, int ciTo, float[] dst, float[] tmp) {
    WinogradVariant.F4X4.filters(hwio, cin, cout, ciFrom, ciTo, dst, 0, cin, tmp);
  }

  /**
   * The scalar twin of the input transform: {@code V = Bᵀ d B} of one 6×6 tile, row-major {@code d[i * 6 + j]} from
   * {@code in[inOffset]} to {@code v[k * 6 + l]} at {@code out[outOffset]}; uses 36 floats of {@code tmp}.
   */
  static void inputScalar(float[] in, int inOffset, float[] out, int outOffset, float[] tmp, int tmpOffset) {
    twoSided(BT, in, inOffset, IN, out, outOffset, tmp, tmpOffset);
  }

  /**
   * The scalar twin of the output transform: {@code Y = Aᵀ m A}, row-major 6×6 {@code m} from {@code in[inOffset]}
   * to 4×4 {@code y} at {@code out[outOffset]}; uses 24 floats of {@code tmp}.
   */
  static void outputScalar(float[] in, int inOffset, float[] out, int outOffset, float[] tmp, int tmpOffset) {
    twoSided(AT, in, inOffset, IN, out, outOffset, tmp, tmpOffset);
  }

  /**
   * The scalar twin of {@link WinogradVariant#filter}: {@code U = G g Gᵀ}, row-major 3×3 {@code g} from
   * {@code in[inOffset]} to 6×6 {@code u} at {@code out[outOffset]}; uses 18 floats of {@code tmp}.
   */
  static void filterScalar(float[] in, int inOffset, float[] out, int outOffset, float[] tmp, int tmpOffset) {
    twoSided(G, in, inOffset, 3, out, outOffset, tmp, tmpOffset);
  }

  /** {@code out = m · in · mᵀ} for a square {@code side × side} input and a {@code rows × side} matrix {@code m}. */
  static void twoSided(
      float[][] m, float[] in, int inOffset, int side, float[] out, int outOffset, float[] tmp, int tmpOffset) {
    int rows = m.length;
    for (int i = 0; i < side; i++) {
      for (int k = 0; k < rows; k++) {
        float sum = 0;
        for (int j = 0; j < side; j++) {
          sum += m[k][j] * in[inOffset + i * side + j];
        }
        tmp[tmpOffset + i * rows + k] = sum;
      }
    }
    for (int l = 0; l < rows; l++) {
      for (int k = 0; k < rows; k++) {
        float sum = 0;
        for (int i = 0; i < side; i++) {
          sum += m[l][i] * tmp[tmpOffset + i * rows + k];
        }
        out[outOffset + l * rows + k] = sum;
      }
    }
  }
}
