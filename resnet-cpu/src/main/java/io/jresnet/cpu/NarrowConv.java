package io.jresnet.cpu;

import io.jresnet.backend.Conv2dParams;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A conv with exactly one or two vectors of output channels (ResNet-20's 16- and 32-channel stages) at stride 1, or
 * at stride 2 with a window of several rows (the first conv of a stage), computed directly, without im2col or
 * Winograd. Each task keeps the few input rows its current output row's windows span,
 * with zero borders, in a small ring that stays in L1 (one new row per output row), so every window lies inside it
 * and 14 neighbouring output pixels of a row read 14 neighbouring pixels of a ring row for each tap; a zero-bordered
 * copy of the whole input instead cost a pass that wrote and re-read it through memory (0.8 of 4.3 ms at 28×28×16,
 * batch 128, 2 threads). A tile of 14 pixels × all output channels ({@link NarrowConvTiles}) keeps its accumulators in
 * registers across every tap and input channel, so each output cell is written once; the epilogue (bias, residual,
 * ReLU) then runs over the row while it is still in L1.
 *
 * <p>With so few output channels the GEMM paths waste their work: im2col rows would cost about as much to copy as to
 * multiply, and Winograd's transforms outweigh its savings. Measured in ResNet-20 training at batch 128 (2 threads):
 * 16 → 16 at 28×28 took 5.6 ms per call by Winograd against 2.9 ms for the same conv as the input gradient here, and
 * a whole training step, alternating per step in one process, took 237.5 instead of 264.2 ms (median of 20).
 *
 * <p>Runs the forward conv ({@link CpuConv2d}, weights HWIO as given) and the input gradient of a stride-1 conv as its
 * flipped conv ({@link CpuConvBackwardData}, weights flipped and transposed by the caller). Weights are read
 * tap-major, {@code [kh * kw][cin][cout]}, which HWIO already is.
 */
final class NarrowConv {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  /** Pixels per tile: fourteen divides the 28- and 14-pixel rows of ResNet-20 on 28×28 inputs. */
  static final int TILE = 14;
  /** Pixels per tile with two vectors of output channels: fourteen accumulators, as in a one-vector tile. */
  static final int WIDE_TILE = 7;

  private final CpuComputePool pool;
  /** Per participant: the last few zero-bordered input rows a task's output rows read. */
  private final float[][] rings;
  /** Per participant: one output row before its epilogue, when that adds a residual (y may be the residual). */
  private final float[][] rowBuffers;
  /** Per participant: where each segment of the windows of the current output row starts in its ring. */
  private final int[][] segmentOffsets;

  NarrowConv(CpuComputePool pool) {
    this.pool = pool;
    this.rings = new float[pool.threads()][];
    this.rowBuffers = new float[pool.threads()][];
    this.segmentOffsets = new int[pool.threads()][];
  }

  /**
   * Whether {@link #run} computes {@code conv}: one group, one or two vectors of output channels, stride 1 or a window
   * of several rows at stride 2 (ResNet-20's first conv of a stage; its 1×1 projections read their input in place).
   */
  static boolean applies(ConvGeometry conv) {
    Conv2dParams p = conv.params();
    boolean stride1 = p.strideH() == 1 && p.strideW() == 1;
    boolean stride2 = p.strideH() == 2 && p.strideW() == 2 && p.kernelH() > 1;
    return (stride1 || stride2)
        && p.groups() == 1
        && (conv.cout() == LANES || conv.cout() == 2 * LANES);
  }

  /**
   * {@code y = epilogue(conv(x, w))}: x NHWC {@code [n, h, w, cin]}, w tap-major {@code [kh * kw][cin][cout]}, y NHWC
   * {@code [n, oh, ow, cout]}, for a {@code conv} that {@link #applies}. {@code y} may be the epilogue's residual.
   */
  void run(float[] x, float[] w, ConvGeometry conv, GemmEpilogue epilogue, float[] y) {
    prepare(x, w, conv, epilogue, y).run();
  }

  /**
   * {@link #run}, ready to run as often as needed: its tasks are made here, once, so a call allocates nothing.
   * Synchronised on this conv: the per-thread row rings are shared by the call's tasks.
   */
  Runnable prepare(float[] x, float[] w, ConvGeometry conv, GemmEpilogue epilogue, float[] y) {
    Rows rows = new Rows(x, w, conv, epilogue, y);
    int count = conv.n() * conv.oh();
    return () -> {
      synchronized (this) {
        pool.parallelRange(count, 1, rows);
      }
    };
  }

  /** The output rows of one call: the range task of its parallel region. */
  private final class Rows implements CpuComputePool.RangeTask {
    private final float[] x;
    private final float[] w;
    private final float[] y;
    private final ConvGeometry conv;
    private final int cin;
    private final int cout;
    private final int rowFloats;
    /** Floats from one output pixel's window to the next in a ring row: {@code strideW * cin}. */
    private final int pixelStride;
    /** The input rows one output row's windows span; a task keeps the last {@code span} padded rows in a ring. */
    private final int span;
    /**
     * Without horizontal dilation the taps of a kernel row read one run of {@code kw * cin} floats of a ring row, and
     * their weights are consecutive too: one long loop per kernel row instead of a short one per tap.
     */
    private final boolean rowRuns;
    private final int segments;
    private final int segmentLength;
    private final boolean threeWide;
    /**
     * Sixteen-pixel tiles that start a row of one vector of output channels, so that the 14-pixel ones end it without a
     * rest: two for CIFAR's 32-pixel rows, none for Fashion-MNIST's 28.
     */
    private final int sixteenPixelTiles;
    /** The same for two vectors: eight-pixel tiles before the 7-pixel ones (two for 16-pixel rows). */
    private final int eightPixelTiles;
    /** The residual, or null: the tiles then write the row to a buffer, and the epilogue reads both into y. */
    private final float[] residual;
    private final float[] bias;
    private final float floor;
    private final boolean plain;

    Rows(float[] x, float[] w, ConvGeometry conv, GemmEpilogue epilogue, float[] y) {
      Conv2dParams p = conv.params();
      this.x = x;
      this.w = w;
      this.y = y;
      this.conv = conv;
      this.cin = conv.cin();
      this.cout = conv.cout();
      this.rowFloats = (conv.w() + p.padLeft() + p.padRight()) * cin;
      this.pixelStride = p.strideW() * cin;
      this.span = (p.kernelH() - 1) * p.dilationH() + 1;
      this.rowRuns = p.dilationW() == 1;
      this.segments = rowRuns ? p.kernelH() : p.kernelH() * p.kernelW();
      this.segmentLength = rowRuns ? p.kernelW() * cin : cin;
      // The three-wide tiles read neighbouring pixels' windows as overlapping runs: stride 1 only.
      this.threeWide = rowRuns && p.kernelW() == 3 && p.strideW() == 1;
      this.sixteenPixelTiles = GemmMicroKernel.FULL_TILE_FITS ? largeTiles(conv.ow(), 16, TILE) : 0;
      this.eightPixelTiles = GemmMicroKernel.FULL_TILE_FITS ? largeTiles(conv.ow(), 8, WIDE_TILE) : 0;
      this.residual = epilogue.residual();
      this.bias = epilogue.bias() != null ? epilogue.bias() : GemmMicroKernel.ZEROS;
      this.floor = epilogue.relu() ? 0f : Float.NEGATIVE_INFINITY;
      this.plain = epilogue.bias() == null && residual == null && !epilogue.relu();
    }

    @Override
    public void run(int from, int to, int participant) {
      Conv2dParams p = conv.params();
      int width = conv.ow();
      float[] ring = ThreadBuffers.atLeast(rings, participant, span * rowFloats);
      float[] rowOut = residual == null ? y : ThreadBuffers.atLeast(rowBuffers, participant, width * cout);
      int[] segmentOffsets = offsets(participant, segments);
      for (int row = from; row < to; row++) {
        int image = row / conv.oh();
        int oy = row - image * conv.oh();
        // Padded rows top .. top + span - 1 of this image; row r lives in slot r % span. The output row before
        // (this task's, same image) left all but the last strideH of them in the ring.
        int top = oy * p.strideH();
        int first = row == from || oy == 0 || p.strideH() >= span ? top : top + span - p.strideH();
        for (int r = first; r < top + span; r++) {
          PaddedInput.fillRow(x, conv, image, r, ring, r % span * rowFloats);
        }
        for (int s = 0; s < segments; s++) {
          int i = rowRuns ? s : s / p.kernelW();
          int j = rowRuns ? 0 : s - i * p.kernelW();
          segmentOffsets[s] = (top + i * p.dilationH()) % span * rowFloats + j * p.dilationW() * cin;
        }
        int out = row * width * cout;
        convolveRow(ring, segmentOffsets, rowOut, residual == null ? out : 0);
        if (residual != null) {
          finishRow(rowOut, 0, residual, out, width * cout);
        } else if (!plain) {
          finishRow(y, out, null, out, width * cout);
        }
      }
    }

    /**
     * The fewest tiles of {@code large} pixels after which a row of {@code width} is whole tiles of {@code small}, or 0
     * if no number is.
     */
    private static int largeTiles(int width, int large, int small) {
      for (int tiles = 0; tiles < small && large * tiles <= width; tiles++) {
        if ((width - large * tiles) % small == 0) {
          return tiles;
        }
      }
      return 0;
    }

    /** One output row from the ring, at {@code out} of {@code c}. */
    private void convolveRow(float[] ring, int[] segmentOffsets, float[] c, int out) {
      int width = conv.ow();
      int ox = 0;
      if (cout == LANES) {
        if (threeWide && cin == NarrowConvTiles.ONE_VECTOR_INPUT) {
          for (int t = 0; t < sixteenPixelTiles; t++, ox += 16) {
            NarrowConvTiles.sixteenPixelsThreeWide(ring, ox * cin, segmentOffsets, w, c, out + ox * cout);
          }
          for (; ox + TILE <= width; ox += TILE) {
            NarrowConvTiles.fourteenPixelsThreeWide(ring, ox * cin, segmentOffsets, w, c, out + ox * cout);
          }
        } else {
          for (; ox + TILE <= width; ox += TILE) {
            NarrowConvTiles.fourteenPixels(
                ring, ox * pixelStride, pixelStride, segmentOffsets, segmentLength, w, c, out + ox * cout);
          }
        }
        for (; ox + 4 <= width; ox += 4) {
          NarrowConvTiles.fourPixels(
              ring, ox * pixelStride, pixelStride, segmentOffsets, segmentLength, w, c, out + ox * cout);
        }
      } else {
        if (threeWide && cin == NarrowConvTiles.TWO_VECTOR_INPUT) {
          for (int t = 0; t < eightPixelTiles; t++, ox += 8) {
            NarrowConvTiles.eightPixelsWideThreeWide(ring, ox * cin, segmentOffsets, w, c, out + ox * cout);
          }
          for (; ox + WIDE_TILE <= width; ox += WIDE_TILE) {
            NarrowConvTiles.sevenPixelsWideThreeWide(ring, ox * cin, segmentOffsets, w, c, out + ox * cout);
          }
        } else {
          for (; ox + WIDE_TILE <= width; ox += WIDE_TILE) {
            NarrowConvTiles.sevenPixelsWide(
                ring, ox * pixelStride, pixelStride, segmentOffsets, segmentLength, w, c, out + ox * cout);
          }
        }
        for (; ox + 2 <= width; ox += 2) {
          NarrowConvTiles.twoPixelsWide(
              ring, ox * pixelStride, pixelStride, segmentOffsets, segmentLength, w, c, out + ox * cout);
        }
      }
      for (; ox < width; ox++) {
        for (int v = 0; v < cout; v += LANES) {
          onePixel(ring, ox * pixelStride, segmentOffsets, segmentLength, cout, w, v, c, out + ox * cout + v);
        }
      }
    }

    /**
     * {@code y[out + i] = max(row[from + i] + bias[channel] + residual[out + i], floor)} over one output row of
     * {@code length} floats, in one pass while the row is in L1; each residual element is read before the output
     * element at its index is written, so y may be the residual. Without a residual, {@code row} is y itself.
     */
    private void finishRow(float[] row, int from, float[] res, int out, int length) {
      for (int v = 0; v < cout; v += LANES) {
        FloatVector b = FloatVector.fromArray(SPECIES, bias, v);
        for (int i = v; i < length; i += cout) {
          FloatVector acc = FloatVector.fromArray(SPECIES, row, from + i).add(b);
          if (res != null) {
            acc = acc.add(FloatVector.fromArray(SPECIES, res, out + i));
          }
          acc.max(floor).intoArray(y, out + i);
        }
      }
    }
  }

  private int[] offsets(int participant, int size) {
    int[] offsets = segmentOffsets[participant];
    if (offsets == null || offsets.length != size) {
      offsets = new int[size];
      segmentOffsets[participant] = offsets;
    }
    return offsets;
  }

  /**
   * One vector of one output pixel (output channels from {@code v}): the sum over taps and input channels. The
   * buffer is read in runs of {@code length} floats from {@code ai + offsets[s]}, against consecutive rows of the
   * weights ({@code cout} floats each).
   */
  private static void onePixel(
      float[] a, int ai, int[] offsets, int length, int cout, float[] b, int v, float[] c, int ci) {
    FloatVector acc = FloatVector.zero(SPECIES);
    for (int s = 0; s < offsets.length; s++) {
      int at = ai + offsets[s];
      int bt = s * length * cout + v;
      for (int k = 0; k < length; k++) {
        acc = FloatVector.broadcast(SPECIES, a[at + k]).fma(FloatVector.fromArray(SPECIES, b, bt + k * cout), acc);
      }
    }
    acc.intoArray(c, ci);
  }
}
