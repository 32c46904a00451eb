package io.jresnet.cpu;

import io.jresnet.backend.Conv2dParams;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The input gradient of a stride-1 conv whose input has exactly one vector of channels (ResNet-20's 16-channel
 * stage), as the flipped forward conv ({@link CpuConvBackwardData#flippedConv}) without im2col: {@code dy} is copied
 * once into a zero-bordered buffer, after which the window of every {@code dx} pixel lies inside it, and 14
 * neighbouring {@code dx} pixels of a row read 14 neighbouring rows of the buffer for each tap. A tile of 14 pixels ×
 * one vector of channels keeps its accumulators in registers across every tap and output channel, so each
 * {@code dx} cell is written once; copying a 16-channel receptive field into im2col rows would cost about as much as
 * multiplying it.
 */
final class NarrowBackwardData {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  /** Pixels per tile: fourteen divides the 28- and 14-pixel rows of ResNet-20 on 28×28 inputs. */
  static final int TILE = 14;

  private final CpuComputePool pool;
  /** The zero-bordered copy of {@code dy}, grown on demand. */
  private float[] padded = new float[0];
  /** The flipped weights {@code [tap][cout][LANES]}, grown on demand. */
  private float[] weights = new float[0];

  NarrowBackwardData(CpuComputePool pool) {
    this.pool = pool;
  }

  /** Whether this path runs the backward data of {@code g}, given its flipped conv {@code f} (null if none). */
  static boolean applies(ConvGeometry g, ConvGeometry f) {
    return f != null && g.groups() == 1 && g.cin() == LANES;
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
    int taps = p.kernelH() * p.kernelW();
    if (weights.length < taps * cout * LANES) {
      weights = new float[taps * cout * LANES];
    }
    float[] buf = padded;
    float[] wf = weights;
    for (int t = 0; t < taps; t++) {
      int src = (taps - 1 - t) * LANES * cout;
      for (int co = 0; co < cout; co++) {
        int out = (t * cout + co) * LANES;
        for (int ci = 0; ci < LANES; ci++) {
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
    pool.parallelRange(g.n() * g.h(), 1, (from, to, participant) -> {
      for (int row = from; row < to; row++) {
        int image = row / g.h();
        int iy = row - image * g.h();
        int base = (image * hp + iy) * rowFloats;
        int out = row * width * LANES;
        int ix = 0;
        for (; ix + TILE <= width; ix += TILE) {
          fourteenPixels(buf, base + ix * cout, cout, segmentOffsets, segmentLength, wf, dx, out + ix * LANES);
        }
        for (; ix < width; ix++) {
          onePixel(buf, base + ix * cout, segmentOffsets, segmentLength, wf, dx, out + ix * LANES);
        }
      }
    });
  }

  /**
   * {@code dx} of one pixel: the sum over taps and output channels, one vector. The buffer is read in runs of
   * {@code length} floats from {@code ai + offsets[s]}, against consecutive rows of the weights.
   */
  private static void onePixel(float[] a, int ai, int[] offsets, int length, float[] b, float[] c, int ci) {
    FloatVector acc = FloatVector.zero(SPECIES);
    for (int s = 0; s < offsets.length; s++) {
      int at = ai + offsets[s];
      int bt = s * length * LANES;
      for (int k = 0; k < length; k++) {
        acc = FloatVector.broadcast(SPECIES, a[at + k]).fma(FloatVector.fromArray(SPECIES, b, bt + k * LANES), acc);
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
}
