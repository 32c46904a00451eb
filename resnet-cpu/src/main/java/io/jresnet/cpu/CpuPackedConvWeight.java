package io.jresnet.cpu;

import io.jresnet.tensor.Shape;

/**
 * HWIO conv weights {@code [kh, kw, cin/groups, cout]} together with their GEMM B panels (see {@link GemmPacking}),
 * made once by {@link CpuBackend#prepareConvWeight}. Per group {@code g} the panels hold the
 * {@code [kh*kw*cin/groups, cout/groups]} matrix of that group's output channels, groups one after another.
 *
 * <p>The tensor still reads and writes as plain HWIO data; writing it ({@link #copyFromHost}) repacks the panels.
 * Depthwise weights, which the conv never runs as a GEMM, carry no panels.
 */
sealed class CpuPackedConvWeight extends CpuTensor permits WinogradWeight {
  private final int groups;
  private float[] panels;

  CpuPackedConvWeight(CpuBackend backend, Shape hwio, float[] data, int groups) {
    super(backend, hwio, data);
    this.groups = groups;
    repack();
  }

  /** The groups the panels were cut for; a conv with other groups reads the HWIO data instead. */
  int groups() {
    return groups;
  }

  /** The panels, or null for depthwise weights; throws once closed. */
  float[] panels() {
    data(); // the closed check
    return panels;
  }

  /** Floats between the panels of consecutive groups. */
  int groupStride() {
    return GemmPacking.packedSize(depth(), outputsPerGroup());
  }

  /** Rows of each group's B matrix: {@code kh * kw * cin/groups}. */
  int depth() {
    return shape().dim(0) * shape().dim(1) * shape().dim(2);
  }

  private int outputsPerGroup() {
    return shape().dim(3) / groups;
  }

  @Override
  public void copyFromHost(float[] src) {
    super.copyFromHost(src);
    repack();
  }

  @Override
  public void close() {
    super.close();
    panels = null;
  }

  /** Rebuilds the panels from the HWIO data, after a kernel (an optimizer step) wrote the data in place. */
  void repack() {
    Shape s = shape();
    if (CpuConv2d.isDepthwise(s.dim(2), s.dim(3), groups)) {
      panels = null;
      return;
    }
    int depth = depth();
    int cols = outputsPerGroup();
    int stride = groupStride();
    int size = Math.multiplyExact(groups, stride);
    float[] packed = panels != null && panels.length == size ? panels : new float[size];
    float[] hwio = data();
    for (int g = 0; g < groups; g++) {
      GemmPacking.pack(new MatrixRef(hwio, g * cols, s.dim(3)), depth, cols, packed, g * stride);
    }
    panels = packed;
  }
}
