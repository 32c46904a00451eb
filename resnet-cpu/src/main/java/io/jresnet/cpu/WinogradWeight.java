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
      float[] rowMajor = new float[Math.multiplyExact(WinogradTransforms.POSITIONS, cin * cout)];
      WinogradTransforms.filters(hwio, cin, cout, 0, cin, rowMajor, new float[WinogradTransforms.FILTER_TMP]);
      int stride = pointStride();
      int size = Math.multiplyExact(WinogradTransforms.POSITIONS, stride);
      float[] packed = filters != null && filters.length == size ? filters : new float[size];
      for (int p = 0; p < WinogradTransforms.POSITIONS; p++) {
        GemmPacking.pack(new MatrixRef(rowMajor, p * cin * cout, cout), cin, cout, packed, p * stride);
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
