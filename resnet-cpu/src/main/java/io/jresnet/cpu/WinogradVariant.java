package io.jresnet.cpu;

import static io.jresnet.cpu.WinogradTransforms.LANES;
import static io.jresnet.cpu.WinogradTransforms.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * The Winograd algorithms {@link WinogradConv} runs: F(4×4, 3×3) ({@link WinogradTransforms}) and F(2×2, 3×3)
 * ({@link WinogradTransforms2x2}), with their tile sides and points. Each method dispatches to the variant's static
 * transforms, so that C2 inlines them into the loops that call them.
 */
enum WinogradVariant {
  F4X4(WinogradTransforms.OUT),
  F2X2(WinogradTransforms2x2.OUT);

  /** Output tile side. */
  final int out;
  /** Input tile side: {@code out + 3 - 1}. */
  final int in;
  /** Points of the transform domain: one GEMM each. */
  final int positions;

  WinogradVariant(int out) {
    this.out = out;
    this.in = out + 2;
    this.positions = in * in;
  }

  /** The most points of any variant: the size of per-tile scratch that serves them all. */
  static final int MAX_POSITIONS = WinogradTransforms.POSITIONS;

  void inputTile(float[][] a, int[] o, int c, float[] tmp, float[] v, int vOffset, int vStride) {
    if (this == F4X4) {
      WinogradTransforms.inputTile(a, o, c, tmp, v, vOffset, vStride);
    } else {
      WinogradTransforms2x2.inputTile(a, o, c, tmp, v, vOffset, vStride);
    }
  }

  void outputTile(float[] m, int mOffset, int mStride, float[] tmp, float[] out) {
    if (this == F4X4) {
      WinogradTransforms.outputTile(m, mOffset, mStride, tmp, out);
    } else {
      WinogradTransforms2x2.outputTile(m, mOffset, mStride, tmp, out);
    }
  }

  void inputScalar(float[] in, int inOffset, float[] out, int outOffset, float[] tmp, int tmpOffset) {
    if (this == F4X4) {
      WinogradTransforms.inputScalar(in, inOffset, out, outOffset, tmp, tmpOffset);
    } else {
      WinogradTransforms2x2.inputScalar(in, inOffset, out, outOffset, tmp, tmpOffset);
    }
  }

  void outputScalar(float[] in, int inOffset, float[] out, int outOffset, float[] tmp, int tmpOffset) {
    if (this == F4X4) {
      WinogradTransforms.outputScalar(in, inOffset, out, outOffset, tmp, tmpOffset);
    } else {
      WinogradTransforms2x2.outputScalar(in, inOffset, out, outOffset, tmp, tmpOffset);
    }
  }

  void filterScalar(float[] in, int inOffset, float[] out, int outOffset, float[] tmp, int tmpOffset) {
    if (this == F4X4) {
      WinogradTransforms.filterScalar(in, inOffset, out, outOffset, tmp, tmpOffset);
    } else {
      WinogradTransforms2x2.filterScalar(in, inOffset, out, outOffset, tmp, tmpOffset);
    }
  }

  /**
   * {@code U = G g Gᵀ} for {@link WinogradTransforms#LANES} output channels from {@code co} of one input channel:
   * {@code g[r][s]} is read from the HWIO weights at {@code hwio[(r * 3 + s) * tapStride + base + co]}, and
   * {@code U[i][j]} written to {@code dst[(i * in + j) * positionStride + dstBase + co]}. {@code tmp} holds
   * {@code 3 * in} vectors.
   */
  void filter(
      float[] hwio, int base, int tapStride, int co, float[] dst, int dstBase, int positionStride, float[] tmp) {
    // t = G g: column s of t from column s of g, stored as t[i][s] at tmp[(i * 3 + s) * LANES].
    for (int s = 0; s < 3; s++) {
      FloatVector g0 = FloatVector.fromArray(SPECIES, hwio, s * tapStride + base + co);
      FloatVector g1 = FloatVector.fromArray(SPECIES, hwio, (3 + s) * tapStride + base + co);
      FloatVector g2 = FloatVector.fromArray(SPECIES, hwio, (6 + s) * tapStride + base + co);
      filterTaps(g0, g1, g2, tmp, s * LANES, 3 * LANES);
    }
    // U = t Gᵀ: row i of U from row i of t.
    for (int i = 0; i < in; i++) {
      FloatVector t0 = FloatVector.fromArray(SPECIES, tmp, (i * 3) * LANES);
      FloatVector t1 = FloatVector.fromArray(SPECIES, tmp, (i * 3 + 1) * LANES);
      FloatVector t2 = FloatVector.fromArray(SPECIES, tmp, (i * 3 + 2) * LANES);
      filterTaps(t0, t1, t2, dst, i * in * positionStride + dstBase + co, positionStride);
    }
  }

  private void filterTaps(FloatVector g0, FloatVector g1, FloatVector g2, float[] out, int outOffset, int outStride) {
    if (this == F4X4) {
      WinogradTransforms.filterTaps(g0, g1, g2, out, outOffset, outStride);
    } else {
      WinogradTransforms2x2.filterTaps(g0, g1, g2, out, outOffset, outStride);
    }
  }

  /**
   * Transforms the filters of input channels {@code [ciFrom, ciTo)} of HWIO 3×3 weights {@code [3, 3, cin, cout]}:
   * input channel {@code ci}'s {@code U} at point {@code p} to {@code dst[(p * dstChannels + ci - dstFirst) * cout +
   * co]}, so that point {@code p}'s matrix over a slice of {@code dstChannels} input channels from {@code dstFirst}
   * starts at {@code p * dstChannels * cout}. Vectorised over output channels; {@code tmp} holds
   * {@link WinogradTransforms#FILTER_TMP} floats.
   */
  void filters(
      float[] hwio, int cin, int cout, int ciFrom, int ciTo, float[] dst, int dstFirst, int dstChannels, float[] tmp) {
    int tapStride = cin * cout;
    int positionStride = dstChannels * cout;
    int bound = SPECIES.loopBound(cout);
    // Scalar scratch past the vector one: the 3×3 taps, the transformed point values, the row pass between.
    int g = 3 * in * LANES;
    int u = g + 9;
    int t = u + positions;
    for (int ci = ciFrom; ci < ciTo; ci++) {
      int base = ci * cout;
      int dstBase = (ci - dstFirst) * cout;
      for (int co = 0; co < bound; co += LANES) {
        filter(hwio, base, tapStride, co, dst, dstBase, positionStride, tmp);
      }
      for (int co = bound; co < cout; co++) {
        for (int tap = 0; tap < 9; tap++) {
          tmp[g + tap] = hwio[tap * tapStride + base + co];
        }
        filterScalar(tmp, g, tmp, u, tmp, t);
        for (int p = 0; p < positions; p++) {
          dst[p * positionStride + dstBase + co] = tmp[u + p];
        }
      }
    }
  }
}
