package io.jresnet.cpu;

import static io.jresnet.cpu.WinogradTransforms.LANES;
import static io.jresnet.cpu.WinogradVariant.MAX_POSITIONS;

/**
 * The buffers of one thread of {@link WinogradConv}, kept across calls and grown to the largest call seen (the
 * layers of a network alternate shapes, so they are never shrunk).
 */
final class WinogradWorkspace {
  /** Transformed input: tile row {@code t}, point {@code p}, channel {@code c} at {@code (t * P + p) * ldv + c}. */
  float[] v = new float[0];
  /** GEMM products: tile row {@code t}, point {@code p}, channel {@code c} at {@code (t * P + p) * ldm + c}. */
  float[] m = new float[0];
  /** Reads for padding and stands in for a missing bias or residual. */
  float[] zeros = new float[LANES];
  /** Half-transformed vectors of one tile: up to 6 × 6 of them (sized for every variant, as below). */
  final float[] tmp = new float[MAX_POSITIONS * LANES];
  /** The finished output vectors of one tile: up to 4 × 4. */
  final float[] tile = new float[WinogradTransforms.OUT * WinogradTransforms.OUT * LANES];
  /** Per input pixel of the tile: the array it reads from (the input or {@link #zeros}) ... */
  final float[][] source = new float[MAX_POSITIONS][];
  /** ... and where in it. */
  final int[] sourceOffset = new int[MAX_POSITIONS];
  final float[] scalarIn = new float[MAX_POSITIONS];
  final float[] scalarOut = new float[MAX_POSITIONS];
  final float[] scalarTmp = new float[MAX_POSITIONS];
  final float[] filterTmp = new float[WinogradTransforms.FILTER_TMP];
  /**
   * The GEMMs' views of {@link #v} and {@link #m}, one array per point and stride, kept while the buffers stay: a
   * network's Winograd layers alternate between a few strides, and a single cached array was rebuilt at each change.
   */
  private final PointViews inputPoints = new PointViews();
  private final PointViews productPoints = new PointViews();

  /** Row stride of the transformed input: the input channels, padded as {@link #padded} says. */
  static int ldv(int cin, int positions) {
    return padded(cin, positions);
  }

  /** Row stride of the products: the block's output channels, padded as {@link #padded} says. */
  static int ldm(int colBlock, int positions) {
    return padded(colBlock, positions);
  }

  /**
   * {@code width}, plus a vector where the GEMM's rows ({@code positions * width} floats apart) would start a
   * multiple of 4 KiB apart: the 14 rows the micro-kernel reads at once would then share one L1 set and evict each
   * other.
   */
  private static int padded(int width, int positions) {
    return (positions * width) % 1024 == 0 ? width + LANES : width;
  }

  /**
   * Point {@code p}'s {@code [tiles, cin]} matrix of {@link #v} at index {@code p}: a tile's 36 points lie together
   * (the transforms touch them at once), so the GEMM for one point reads every 36th row.
   */
  MatrixRef[] inputPoints(int cin, int positions) {
    return inputPoints.of(v, ldv(cin, positions), positions);
  }

  /** Point {@code p}'s {@code [tiles, colBlock]} matrix of {@link #m} at index {@code p}. */
  MatrixRef[] productPoints(int colBlock, int positions) {
    return productPoints.of(m, ldm(colBlock, positions), positions);
  }

  /**
   * Views of one buffer per point, for up to {@link #STRIDES} strides and point counts; a new buffer starts them over.
   */
  private static final class PointViews {
    private static final int STRIDES = 8;
    private final int[] strides = new int[STRIDES];
    private final int[] pointCounts = new int[STRIDES];
    private final MatrixRef[][] views = new MatrixRef[STRIDES][];
    private float[] data;
    private int count;
    private int next;

    MatrixRef[] of(float[] buffer, int ld, int positions) {
      if (buffer != data) {
        data = buffer;
        count = 0;
        next = 0;
      }
      for (int i = 0; i < count; i++) {
        if (strides[i] == ld && pointCounts[i] == positions) {
          return views[i];
        }
      }
      MatrixRef[] points = new MatrixRef[positions];
      for (int p = 0; p < positions; p++) {
        points[p] = new MatrixRef(buffer, p * ld, positions * ld);
      }
      // Past STRIDES strides, replace the oldest.
      int slot = count < STRIDES ? count++ : next++ % STRIDES;
      strides[slot] = ld;
      pointCounts[slot] = positions;
      views[slot] = points;
      return points;
    }
  }

  /** Grows the buffers for a call of this geometry and tiling. */
  void ensure(WinogradTiling tiling, ConvGeometry g) {
    int positions = tiling.variant().positions;
    int vSize = Math.multiplyExact(positions, Math.multiplyExact(tiling.blockTiles(), ldv(g.cin(), positions)));
    int mSize =
        Math.multiplyExact(positions, Math.multiplyExact(tiling.blockTiles(), ldm(tiling.colBlock(), positions)));
    if (v.length < vSize) {
      v = new float[vSize];
    }
    if (m.length < mSize) {
      m = new float[mSize];
    }
    int zerosSize = Math.max(g.cin(), LANES);
    if (zeros.length < zerosSize) {
      zeros = new float[zerosSize];
    }
  }
}
