package io.jresnet.cpu;

import io.jresnet.backend.Conv2dParams;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The input gradient of a stride-1 conv whose input has exactly one or two vectors of channels (ResNet-20's 16- and
 * 32-channel stages), as the flipped forward conv ({@link CpuConvBackwardData#flippedConv}) without im2col:
 * {@code dy} is copied once into a zero-bordered buffer, after which the window of every {@code dx} pixel lies inside
 * it, and 14 neighbouring {@code dx} pixels of a row read 14 neighbouring rows of the buffer for each tap. A tile of
 * 14 pixels × all input channels keeps its accumulators in registers across every tap and output channel, so each
 * {@code dx} cell is written once; copying a narrow receptive field into im2col rows would cost about as much as
 * multiplying it.
 */
final class NarrowBackwardData {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  /** Pixels per tile: fourteen divides the 28- and 14-pixel rows of ResNet-20 on 28×28 inputs. */
  static final int TILE = 14;
  /** Pixels per tile with two vectors of input channels: fourteen accumulators, as in a one-vector tile. */
  static final int WIDE_TILE = 7;

  private final CpuComputePool pool;
  /** The zero-bordered copy of {@code dy}, grown on demand. */
  private float[] padded = new float[0];
  /** The flipped weights {@code [tap][cout][cin]}, grown on demand. */
  private float[] weights = new float[0];

  NarrowBackwardData(CpuComputePool pool) {
    this.pool = pool;
  }

  /** Whether this path runs the backward data of {@code g}, given its flipped conv {@code f} (null if none). */
  static boolean applies(ConvGeometry g, ConvGeometry f) {
    return f != null && g.groups() == 1 && (g.cin() == LANES || g.cin() == 2 * LANES);
  }

  /** Writes {@code dx}; {@code f} is the flipped conv of {@code g}. Called under the caller's lock. */
  void run(float[] dy, float[] w, ConvGeometry g, ConvGeometry f, float[] dx) {
    Conv2dParams p = f.params();
    int cout = g.cout();
    int hp = f.h() + p.padTop() + p.padBottom();
    int wp = f.w() + p.padLeft() + p.padRight();
    int size = Math.multiplyExact(Math.multiplyExact(g.n() * hp, wp), cout);
    if (padded.length < size) {
      padded = new float[size];
    }
    int cin = g.cin();
    int taps = p.kernelH() * p.kernelW();
    if (weights.length < taps * cout * cin) {
      weights = new float[taps * cout * cin];
    }
    float[] buf = padded;
    float[] wf = weights;
    for (int t = 0; t < taps; t++) {
      int src = (taps - 1 - t) * cin * cout;
      for (int co = 0; co < cout; co++) {
        int out = (t * cout + co) * cin;
        for (int ci = 0; ci < cin; ci++) {
          wf[out + ci] = w[src + ci * cout + co];
        }
      }
    }
    int rowFloats = wp * cout;
    pool.parallelRange(g.n() * hp, 1, (from, to, participant) -> {
      for (int row = from; row < to; row++) {
        int image = row / hp;
        int y = row - image * hp - p.padTop();
        int out = row * rowFloats;
        if (y < 0 || y >= f.h()) {
          Arrays.fill(buf, out, out + rowFloats, 0f);
          continue;
        }
        int left = p.padLeft() * cout;
        int body = f.w() * cout;
        Arrays.fill(buf, out, out + left, 0f);
        System.arraycopy(dy, (image * f.h() + y) * body, buf, out + left, body);
        Arrays.fill(buf, out + left + body, out + rowFloats, 0f);
      }
    });
    // Without horizontal dilation the taps of a kernel row read one run of kw * cout floats of the buffer, and
    // their weights are consecutive too: one long loop per kernel row instead of a short one per tap.
    boolean rowRuns = p.dilationW() == 1;
    int segments = rowRuns ? p.kernelH() : taps;
    int segmentLength = rowRuns ? p.kernelW() * cout : cout;
    int[] segmentOffsets = new int[segments];
    for (int s = 0; s < segments; s++) {
      int i = rowRuns ? s : s / p.kernelW();
      int j = rowRuns ? 0 : s - i * p.kernelW();
      segmentOffsets[s] = (i * p.dilationH() * wp + j * p.dilationW()) * cout;
    }
    int width = g.w();
    boolean threeWide = rowRuns && p.kernelW() == 3;
    pool.parallelRange(g.n() * g.h(), 1, (from, to, participant) -> {
      for (int row = from; row < to; row++) {
        int image = row / g.h();
        int iy = row - image * g.h();
        int base = (image * hp + iy) * rowFloats;
        int out = row * width * cin;
        int ix = 0;
        if (cin == LANES && threeWide) {
          for (; ix + TILE <= width; ix += TILE) {
            fourteenPixelsThreeWide(buf, base + ix * cout, cout, segmentOffsets, wf, dx, out + ix * cin);
          }
        } else if (cin == LANES) {
          for (; ix + TILE <= width; ix += TILE) {
            fourteenPixels(buf, base + ix * cout, cout, segmentOffsets, segmentLength, wf, dx, out + ix * cin);
          }
        } else {
          for (; ix + WIDE_TILE <= width; ix += WIDE_TILE) {
            sevenPixelsWide(buf, base + ix * cout, cout, segmentOffsets, segmentLength, wf, dx, out + ix * cin);
          }
        }
        for (; ix < width; ix++) {
          for (int v = 0; v < cin; v += LANES) {
            onePixel(buf, base + ix * cout, segmentOffsets, segmentLength, cin, wf, v, dx, out + ix * cin + v);
          }
        }
      }
    });
  }

  /**
   * One vector of {@code dx} of one pixel (input channels from {@code v}): the sum over taps and output channels. The
   * buffer is read in runs of {@code length} floats from {@code ai + offsets[s]}, against consecutive rows of the
   * weights ({@code cin} floats each).
   */
  private static void onePixel(
      float[] a, int ai, int[] offsets, int length, int cin, float[] b, int v, float[] c, int ci) {
    FloatVector acc = FloatVector.zero(SPECIES);
    for (int s = 0; s < offsets.length; s++) {
      int at = ai + offsets[s];
      int bt = s * length * cin + v;
      for (int k = 0; k < length; k++) {
        acc = FloatVector.broadcast(SPECIES, a[at + k]).fma(FloatVector.fromArray(SPECIES, b, bt + k * cin), acc);
      }
    }
    acc.intoArray(c, ci);
  }

  /**
   * Fourteen neighbouring pixels of a row, pixel {@code r}'s runs {@code cout} floats after pixel {@code r - 1}'s;
   * runs as in {@link #onePixel}.
   */
  private static void fourteenPixels(
      float[] a, int ai, int cout, int[] offsets, int length, float[] b, float[] c, int ci) {
    FloatVector acc0 = FloatVector.zero(SPECIES);
    FloatVector acc1 = acc0;
    FloatVector acc2 = acc0;
    FloatVector acc3 = acc0;
    FloatVector acc4 = acc0;
    FloatVector acc5 = acc0;
    FloatVector acc6 = acc0;
    FloatVector acc7 = acc0;
    FloatVector acc8 = acc0;
    FloatVector acc9 = acc0;
    FloatVector acc10 = acc0;
    FloatVector acc11 = acc0;
    FloatVector acc12 = acc0;
    FloatVector acc13 = acc0;
    for (int s = 0; s < offsets.length; s++) {
      int a0 = ai + offsets[s];
      int bk = s * length * LANES;
      for (int k = 0; k < length; k++, bk += LANES) {
        FloatVector bv = FloatVector.fromArray(SPECIES, b, bk);
        int ak = a0 + k;
        acc0 = FloatVector.broadcast(SPECIES, a[ak]).fma(bv, acc0);
        acc1 = FloatVector.broadcast(SPECIES, a[ak + cout]).fma(bv, acc1);
        acc2 = FloatVector.broadcast(SPECIES, a[ak + 2 * cout]).fma(bv, acc2);
        acc3 = FloatVector.broadcast(SPECIES, a[ak + 3 * cout]).fma(bv, acc3);
        acc4 = FloatVector.broadcast(SPECIES, a[ak + 4 * cout]).fma(bv, acc4);
        acc5 = FloatVector.broadcast(SPECIES, a[ak + 5 * cout]).fma(bv, acc5);
        acc6 = FloatVector.broadcast(SPECIES, a[ak + 6 * cout]).fma(bv, acc6);
        acc7 = FloatVector.broadcast(SPECIES, a[ak + 7 * cout]).fma(bv, acc7);
        acc8 = FloatVector.broadcast(SPECIES, a[ak + 8 * cout]).fma(bv, acc8);
        acc9 = FloatVector.broadcast(SPECIES, a[ak + 9 * cout]).fma(bv, acc9);
        acc10 = FloatVector.broadcast(SPECIES, a[ak + 10 * cout]).fma(bv, acc10);
        acc11 = FloatVector.broadcast(SPECIES, a[ak + 11 * cout]).fma(bv, acc11);
        acc12 = FloatVector.broadcast(SPECIES, a[ak + 12 * cout]).fma(bv, acc12);
        acc13 = FloatVector.broadcast(SPECIES, a[ak + 13 * cout]).fma(bv, acc13);
      }
    }
    acc0.intoArray(c, ci);
    acc1.intoArray(c, ci + LANES);
    acc2.intoArray(c, ci + 2 * LANES);
    acc3.intoArray(c, ci + 3 * LANES);
    acc4.intoArray(c, ci + 4 * LANES);
    acc5.intoArray(c, ci + 5 * LANES);
    acc6.intoArray(c, ci + 6 * LANES);
    acc7.intoArray(c, ci + 7 * LANES);
    acc8.intoArray(c, ci + 8 * LANES);
    acc9.intoArray(c, ci + 9 * LANES);
    acc10.intoArray(c, ci + 10 * LANES);
    acc11.intoArray(c, ci + 11 * LANES);
    acc12.intoArray(c, ci + 12 * LANES);
    acc13.intoArray(c, ci + 13 * LANES);
  }

  /** Seven pixels × two vectors of input channels: 14 accumulators, each broadcast feeding two FMAs. */
  private static void sevenPixelsWide(
      float[] a, int ai, int cout, int[] offsets, int length, float[] b, float[] c, int ci) {
    FloatVector acc0_0 = FloatVector.zero(SPECIES);
    FloatVector acc0_1 = acc0_0;
    FloatVector acc1_0 = acc0_0;
    FloatVector acc1_1 = acc0_0;
    FloatVector acc2_0 = acc0_0;
    FloatVector acc2_1 = acc0_0;
    FloatVector acc3_0 = acc0_0;
    FloatVector acc3_1 = acc0_0;
    FloatVector acc4_0 = acc0_0;
    FloatVector acc4_1 = acc0_0;
    FloatVector acc5_0 = acc0_0;
    FloatVector acc5_1 = acc0_0;
    FloatVector acc6_0 = acc0_0;
    FloatVector acc6_1 = acc0_0;
    for (int s = 0; s < offsets.length; s++) {
      int a0 = ai + offsets[s];
      int bk = s * length * 2 * LANES;
      for (int k = 0; k < length; k++, bk += 2 * LANES) {
        FloatVector b0 = FloatVector.fromArray(SPECIES, b, bk);
        FloatVector b1 = FloatVector.fromArray(SPECIES, b, bk + LANES);
        int ak = a0 + k;
        FloatVector av = FloatVector.broadcast(SPECIES, a[ak]);
        acc0_0 = av.fma(b0, acc0_0);
        acc0_1 = av.fma(b1, acc0_1);
        av = FloatVector.broadcast(SPECIES, a[ak + cout]);
        acc1_0 = av.fma(b0, acc1_0);
        acc1_1 = av.fma(b1, acc1_1);
        av = FloatVector.broadcast(SPECIES, a[ak + 2 * cout]);
        acc2_0 = av.fma(b0, acc2_0);
        acc2_1 = av.fma(b1, acc2_1);
        av = FloatVector.broadcast(SPECIES, a[ak + 3 * cout]);
        acc3_0 = av.fma(b0, acc3_0);
        acc3_1 = av.fma(b1, acc3_1);
        av = FloatVector.broadcast(SPECIES, a[ak + 4 * cout]);
        acc4_0 = av.fma(b0, acc4_0);
        acc4_1 = av.fma(b1, acc4_1);
        av = FloatVector.broadcast(SPECIES, a[ak + 5 * cout]);
        acc5_0 = av.fma(b0, acc5_0);
        acc5_1 = av.fma(b1, acc5_1);
        av = FloatVector.broadcast(SPECIES, a[ak + 6 * cout]);
        acc6_0 = av.fma(b0, acc6_0);
        acc6_1 = av.fma(b1, acc6_1);
      }
    }
    acc0_0.intoArray(c, ci);
    acc0_1.intoArray(c, ci + LANES);
    acc1_0.intoArray(c, ci + 2 * LANES);
    acc1_1.intoArray(c, ci + 3 * LANES);
    acc2_0.intoArray(c, ci + 4 * LANES);
    acc2_1.intoArray(c, ci + 5 * LANES);
    acc3_0.intoArray(c, ci + 6 * LANES);
    acc3_1.intoArray(c, ci + 7 * LANES);
    acc4_0.intoArray(c, ci + 8 * LANES);
    acc4_1.intoArray(c, ci + 9 * LANES);
    acc5_0.intoArray(c, ci + 10 * LANES);
    acc5_1.intoArray(c, ci + 11 * LANES);
    acc6_0.intoArray(c, ci + 12 * LANES);
    acc6_1.intoArray(c, ci + 13 * LANES);
  }

  /**
   * {@link #fourteenPixels} for a kernel three taps wide, in scatter order: each {@code dy} value of the tile's
   * footprint row is broadcast once and feeds the (up to) three {@code dx} pixels whose taps read it, so a broadcast
   * serves three FMAs instead of one. {@code rows} holds the buffer offset of each kernel row; the weights of kernel
   * row {@code i} are its three taps' {@code [cout][LANES]} blocks.
   */
  private static void fourteenPixelsThreeWide(float[] a, int ai, int cout, int[] rows, float[] b, float[] c, int ci) {
    FloatVector acc0 = FloatVector.zero(SPECIES);
    FloatVector acc1 = acc0;
    FloatVector acc2 = acc0;
    FloatVector acc3 = acc0;
    FloatVector acc4 = acc0;
    FloatVector acc5 = acc0;
    FloatVector acc6 = acc0;
    FloatVector acc7 = acc0;
    FloatVector acc8 = acc0;
    FloatVector acc9 = acc0;
    FloatVector acc10 = acc0;
    FloatVector acc11 = acc0;
    FloatVector acc12 = acc0;
    FloatVector acc13 = acc0;
    for (int i = 0; i < rows.length; i++) {
      int ar = ai + rows[i];
      int tap = 3 * i * cout * LANES;
      for (int co = 0; co < cout; co++) {
        int bk = tap + co * LANES;
        FloatVector w0 = FloatVector.fromArray(SPECIES, b, bk);
        FloatVector w1 = FloatVector.fromArray(SPECIES, b, bk + cout * LANES);
        FloatVector w2 = FloatVector.fromArray(SPECIES, b, bk + 2 * cout * LANES);
        int ak = ar + co;
        FloatVector v;
        v = FloatVector.broadcast(SPECIES, a[ak]);
        acc0 = v.fma(w0, acc0);
        v = FloatVector.broadcast(SPECIES, a[ak + cout]);
        acc1 = v.fma(w0, acc1);
        acc0 = v.fma(w1, acc0);
        v = FloatVector.broadcast(SPECIES, a[ak + 2 * cout]);
        acc2 = v.fma(w0, acc2);
        acc1 = v.fma(w1, acc1);
        acc0 = v.fma(w2, acc0);
        v = FloatVector.broadcast(SPECIES, a[ak + 3 * cout]);
        acc3 = v.fma(w0, acc3);
        acc2 = v.fma(w1, acc2);
        acc1 = v.fma(w2, acc1);
        v = FloatVector.broadcast(SPECIES, a[ak + 4 * cout]);
        acc4 = v.fma(w0, acc4);
        acc3 = v.fma(w1, acc3);
        acc2 = v.fma(w2, acc2);
        v = FloatVector.broadcast(SPECIES, a[ak + 5 * cout]);
        acc5 = v.fma(w0, acc5);
        acc4 = v.fma(w1, acc4);
        acc3 = v.fma(w2, acc3);
        v = FloatVector.broadcast(SPECIES, a[ak + 6 * cout]);
        acc6 = v.fma(w0, acc6);
        acc5 = v.fma(w1, acc5);
        acc4 = v.fma(w2, acc4);
        v = FloatVector.broadcast(SPECIES, a[ak + 7 * cout]);
        acc7 = v.fma(w0, acc7);
        acc6 = v.fma(w1, acc6);
        acc5 = v.fma(w2, acc5);
        v = FloatVector.broadcast(SPECIES, a[ak + 8 * cout]);
        acc8 = v.fma(w0, acc8);
        acc7 = v.fma(w1, acc7);
        acc6 = v.fma(w2, acc6);
        v = FloatVector.broadcast(SPECIES, a[ak + 9 * cout]);
        acc9 = v.fma(w0, acc9);
        acc8 = v.fma(w1, acc8);
        acc7 = v.fma(w2, acc7);
        v = FloatVector.broadcast(SPECIES, a[ak + 10 * cout]);
        acc10 = v.fma(w0, acc10);
        acc9 = v.fma(w1, acc9);
        acc8 = v.fma(w2, acc8);
        v = FloatVector.broadcast(SPECIES, a[ak + 11 * cout]);
        acc11 = v.fma(w0, acc11);
        acc10 = v.fma(w1, acc10);
        acc9 = v.fma(w2, acc9);
        v = FloatVector.broadcast(SPECIES, a[ak + 12 * cout]);
        acc12 = v.fma(w0, acc12);
        acc11 = v.fma(w1, acc11);
        acc10 = v.fma(w2, acc10);
        v = FloatVector.broadcast(SPECIES, a[ak + 13 * cout]);
        acc13 = v.fma(w0, acc13);
        acc12 = v.fma(w1, acc12);
        acc11 = v.fma(w2, acc11);
        v = FloatVector.broadcast(SPECIES, a[ak + 14 * cout]);
        acc13 = v.fma(w1, acc13);
        acc12 = v.fma(w2, acc12);
        v = FloatVector.broadcast(SPECIES, a[ak + 15 * cout]);
        acc13 = v.fma(w2, acc13);
      }
    }
    acc0.intoArray(c, ci);
    acc1.intoArray(c, ci + LANES);
    acc2.intoArray(c, ci + 2 * LANES);
    acc3.intoArray(c, ci + 3 * LANES);
    acc4.intoArray(c, ci + 4 * LANES);
    acc5.intoArray(c, ci + 5 * LANES);
    acc6.intoArray(c, ci + 6 * LANES);
    acc7.intoArray(c, ci + 7 * LANES);
    acc8.intoArray(c, ci + 8 * LANES);
    acc9.intoArray(c, ci + 9 * LANES);
    acc10.intoArray(c, ci + 10 * LANES);
    acc11.intoArray(c, ci + 11 * LANES);
    acc12.intoArray(c, ci + 12 * LANES);
    acc13.intoArray(c, ci + 13 * LANES);
  }
}
