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
            NarrowDataTiles.fourteenPixelsThreeWide(buf, base + ix * cout, cout, segmentOffsets, wf, dx, out + ix * cin);
          }
        } else if (cin == LANES) {
          for (; ix + TILE <= width; ix += TILE) {
            NarrowDataTiles.fourteenPixels(buf, base + ix * cout, cout, segmentOffsets, segmentLength, wf, dx, out + ix * cin);
          }
        } else if (threeWide) {
          for (; ix + WIDE_TILE <= width; ix += WIDE_TILE) {
            NarrowDataTiles.sevenPixelsWideThreeWide(buf, base + ix * cout, cout, segmentOffsets, wf, dx, out + ix * cin);
          }
        } else {
          for (; ix + WIDE_TILE <= width; ix += WIDE_TILE) {
            NarrowDataTiles.sevenPixelsWide(buf, base + ix * cout, cout, segmentOffsets, segmentLength, wf, dx, out + ix * cin);
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
}
