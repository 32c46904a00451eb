package io.jresnet.cpu;

import io.jresnet.tensor.Shape;
import java.util.Arrays;

/**
 * Prepared 3×3 weights of a one-group conv, HWIO {@code [3, 3, cin, cout]}: the GEMM panels of
 * {@link CpuPackedConvWeight} (for the calls that run im2col) plus, per {@link WinogradVariant}, the Winograd filters
 * of {@link WinogradConv}, packed per transform point. The filters are made on the first call that runs their
 * variant, not here: which path a call takes depends on its input size, and they take 4× (F(4×4)) or 1.8× (F(2×2))
 * the memory of the weights. Every change of the data ({@link #repack}, after {@link #copyFromHost} or an optimizer
 * step) marks them stale.
 */
final class WinogradWeight extends CpuPackedConvWeight {
  /** Input channels transformed at a time by {@link #points}. */
  private static final int FILTER_CHUNK = 32;
  private static final int VARIANTS = WinogradVariant.values().length;
  // Per variant, by ordinal; all start at their defaults: no filters, not current.
  private final float[][] filters = new float[VARIANTS][];
  private final PanelRef[][] points = new PanelRef[VARIANTS][];
  private final boolean[] current = new boolean[VARIANTS];

  WinogradWeight(CpuBackend backend, Shape hwio, float[] data) {
    super(backend, hwio, data, 1);
  }

  @Override
  void repack() {
    super.repack();
    Arrays.fill(current, false);
  }

  @Override
  public void copyFromHost(float[] src) {
    super.copyFromHost(src);
    Arrays.fill(current, false);
  }

  /**
   * {@code variant}'s filters, built if the data changed since: point {@code p}'s packed {@code [cin, cout]} matrix
   * at index {@code p} (a new array after each rebuild). Called by one thread at a time, outside of parallel regions,
   * like every kernel call.
   */
  PanelRef[] points(WinogradVariant variant) {
    int index = variant.ordinal();
    if (!current[index]) {
      int cin = shape().dim(2);
      int cout = shape().dim(3);
      int positions = variant.positions;
      int stride = GemmPacking.packedSize(cin, cout);
      int size = Math.multiplyExact(positions, stride);
      float[] packed = filters[index] != null && filters[index].length == size ? filters[index] : new float[size];
      // A few input channels at a time: the row-major filters of the whole layer would be another transient copy of
      // the packed ones (37.7 MB for 512 -> 512 by F(4x4)), which a heap sized for the model has no room for.
      // The chunk's weights come straight from the panels too: an HWIO copy of the whole layer was garbage of the
      // weights' size (9.4 MB for 512 -> 512) on the first forward of each batch size that runs Winograd.
      int chunk = Math.min(cin, FILTER_CHUNK);
      float[] rows = new float[Math.multiplyExact(positions, chunk * cout)];
      float[] taps = new float[Math.multiplyExact(9, chunk * cout)];
      float[] tmp = new float[WinogradTransforms.FILTER_TMP];
      for (int c0 = 0; c0 < cin; c0 += chunk) {
        int n = Math.min(chunk, cin - c0);
        copyInputChannels(c0, n, taps);
        variant.filters(taps, n, cout, 0, n, rows, 0, n, tmp);
        for (int p = 0; p < positions; p++) {
          GemmPacking.packRows(new MatrixRef(rows, p * n * cout, cout), c0, n, cin, cout, packed, p * stride);
        }
      }
      PanelRef[] views = new PanelRef[positions];
      for (int p = 0; p < positions; p++) {
        views[p] = PanelRef.packed(packed, p * stride, cout);
      }
      filters[index] = packed;
      points[index] = views;
      current[index] = true;
    }
    return points[index];
  }

  @Override
  public void close() {
    super.close();
    Arrays.fill(filters, null);
    Arrays.fill(points, null);
  }
}
