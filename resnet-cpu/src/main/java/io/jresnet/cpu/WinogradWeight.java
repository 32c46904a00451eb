package io.jresnet.cpu;

import io.jresnet.tensor.Shape;

/**
 * Prepared 3×3 weights of a one-group conv, HWIO {@code [3, 3, cin, cout]}: the GEMM panels of
 * {@link CpuPackedConvWeight} (for the calls that run im2col) plus the Winograd F(4×4, 3×3) filters of
 * {@link WinogradConv}, packed per transform point. The filters are made on the first call that runs Winograd, not
 * here: which path a call takes depends on its input size, and they take four times the memory of the weights.
 * Every change of the data ({@link #repack}, after {@link #copyFromHost} or an optimizer step) marks them stale.
 */
final class WinogradWeight extends CpuPackedConvWeight {
  /** Input channels transformed at a time by {@link #filters()}. */
  private static final int FILTER_CHUNK = 32;
  // Both fields start at their defaults: no filters, not current.
  private float[] filters;
  private PanelRef[] points;
  private boolean current;

  WinogradWeight(CpuBackend backend, Shape hwio, float[] data) {
    super(backend, hwio, data, 1);
  }

  @Override
  void repack() {
    super.repack();
    current = false;
  }

  @Override
  public void copyFromHost(float[] src) {
    super.copyFromHost(src);
    current = false;
  }

  /**
   * The transformed filters, built if the data changed since: point {@code p}'s {@code [cin, cout]} matrix packed
   * by {@link GemmPacking#pack} from {@code p * }{@link #pointStride()}. Called by one thread at a time, outside of
   * parallel regions, like every kernel call.
   */
  float[] filters() {
    if (!current) {
      // A transient HWIO copy: data() would keep one beside the panels and the filters for the weight's lifetime.
      float[] hwio = copyToHost();
      int cin = shape().dim(2);
      int cout = shape().dim(3);
      int stride = pointStride();
      int size = Math.multiplyExact(WinogradTransforms.POSITIONS, stride);
      float[] packed = filters != null && filters.length == size ? filters : new float[size];
      // A few input channels at a time: the row-major filters of the whole layer would be another transient copy of
      // the packed ones (37.7 MB for 512 -> 512), which a heap sized for the model has no room for.
      int chunk = Math.min(cin, FILTER_CHUNK);
      float[] rows = new float[Math.multiplyExact(WinogradTransforms.POSITIONS, chunk * cout)];
      float[] tmp = new float[WinogradTransforms.FILTER_TMP];
      for (int c0 = 0; c0 < cin; c0 += chunk) {
        int n = Math.min(chunk, cin - c0);
        WinogradTransforms.filters(hwio, cin, cout, c0, c0 + n, rows, c0, n, tmp);
        for (int p = 0; p < WinogradTransforms.POSITIONS; p++) {
          GemmPacking.packRows(new MatrixRef(rows, p * n * cout, cout), c0, n, cin, cout, packed, p * stride);
        }
      }
      filters = packed;
      points = new PanelRef[WinogradTransforms.POSITIONS];
      for (int p = 0; p < WinogradTransforms.POSITIONS; p++) {
        points[p] = PanelRef.packed(packed, p * stride, cout);
      }
      current = true;
    }
    return filters;
  }

  /** Point {@code p}'s packed {@code [cin, cout]} matrix of {@link #filters()} at index {@code p}. */
  PanelRef[] points() {
    filters();
    return points;
  }

  /** Floats between the packed matrices of consecutive transform points. */
  int pointStride() {
    return GemmPacking.packedSize(shape().dim(2), shape().dim(3));
  }

  @Override
  public void close() {
    super.close();
    filters = null;
    points = null;
  }
}
