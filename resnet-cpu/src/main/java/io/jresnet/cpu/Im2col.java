package io.jresnet.cpu;

import io.jresnet.backend.Conv2dParams;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Lowers a block of output pixels of an NHWC conv to rows of the GEMM's A matrix: row {@code m} holds the receptive
 * field of output pixel {@code m} as {@code [kh][kw][cin/groups]}, the order of HWIO weight rows, with zeros where
 * the window hangs over the padding. In NHWC each tap is a contiguous run of channels, and with one group and no
 * dilation a whole kernel row of taps is one contiguous run, so rows are built from a few array copies.
 */
final class Im2col {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  /**
   * Longest run of a kernel row, in vectors, that is copied vector by vector instead of by {@code System.arraycopy},
   * whose call costs more than the copy for runs this short: the 7×7 stem's 21 floats per kernel row took 70-90 ns
   * per output pixel (single thread), a third of the stem's time.
   */
  static final int SHORT_RUN_VECTORS = 4;

  private Im2col() {}

  /**
   * Writes rows {@code [rowStart, rowEnd)} of group {@code group} to {@code dst}, row {@code r} at
   * {@code (r - rowStart) * ld}.
   */
  static void fill(float[] x, ConvGeometry g, int group, int rowStart, int rowEnd, float[] dst, int ld) {
    fill(x, g, group, rowStart, rowEnd, dst, 0, ld);
  }

  /** The same rows, row {@code r} written at {@code dstOffset + (r - rowStart) * ld}. */
  static void fill(
      float[] x, ConvGeometry g, int group, int rowStart, int rowEnd, float[] dst, int dstOffset, int ld) {
    Conv2dParams p = g.params();
    int kh = p.kernelH();
    int kw = p.kernelW();
    int cin = g.cin();
    int cinG = g.inputsPerGroup();
    int channelOffset = group * cinG;
    int pixelsPerImage = g.oh() * g.ow();
    // With one group and no horizontal dilation, the kw taps of a kernel row are kw*cin contiguous floats.
    boolean rowRuns = cinG == cin && p.dilationW() == 1;
    int run = kw * cin;
    boolean shortRuns = rowRuns && run <= SHORT_RUN_VECTORS * LANES;
    // Short runs are copied as whole vectors, past their end: what spills over lands where later copies of this call
    // write (the next kernel row, the next pixel's row) or in the row's padding, never past this call's rows.
    int end = dstOffset + (rowEnd - rowStart) * ld;
    int overCopy = GemmTiling.ceilDiv(run, LANES) * LANES;
    for (int m = rowStart; m < rowEnd; m++) {
      int image = m / pixelsPerImage;
      int pixel = m - image * pixelsPerImage;
      int oy = pixel / g.ow();
      int ox = pixel - oy * g.ow();
      int iy0 = oy * p.strideH() - p.padTop();
      int ix0 = ox * p.strideW() - p.padLeft();
      int out = dstOffset + (m - rowStart) * ld;
      for (int i = 0; i < kh; i++, out += kw * cinG) {
        int iy = iy0 + i * p.dilationH();
        if (iy < 0 || iy >= g.h()) {
          Arrays.fill(dst, out, out + kw * cinG, 0f);
          continue;
        }
        int rowBase = (image * g.h() + iy) * g.w();
        if (rowRuns && ix0 >= 0 && ix0 + kw <= g.w()) {
          int src = (rowBase + ix0) * cin;
          if (shortRuns && out + overCopy <= end && src + overCopy <= x.length) {
            for (int v = 0; v < overCopy; v += LANES) {
              FloatVector.fromArray(SPECIES, x, src + v).intoArray(dst, out + v);
            }
          } else {
            System.arraycopy(x, src, dst, out, run);
          }
          continue;
        }
        for (int j = 0, o = out; j < kw; j++, o += cinG) {
          int ix = ix0 + j * p.dilationW();
          if (ix < 0 || ix >= g.w()) {
            Arrays.fill(dst, o, o + cinG, 0f);
          } else {
            System.arraycopy(x, (rowBase + ix) * cin + channelOffset, dst, o, cinG);
          }
        }
      }
    }
  }
}
