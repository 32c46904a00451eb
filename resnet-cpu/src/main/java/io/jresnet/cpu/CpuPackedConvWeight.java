package io.jresnet.cpu;

import io.jresnet.tensor.Shape;

/**
 * HWIO conv weights {@code [kh, kw, cin/groups, cout]} kept only as their GEMM B panels (see {@link GemmPacking}),
 * made once by {@link CpuBackend#prepareConvWeight}. Per group {@code g} the panels hold the
 * {@code [kh*kw*cin/groups, cout/groups]} matrix of that group's output channels, groups one after another.
 *
 * <p>Keeping the panels alone halves the memory of a prepared model's weights (ResNet-50: 100 MB). The tensor still
 * reads and writes as plain HWIO data: {@link #copyToHost} unpacks, {@link #copyFromHost} packs, and {@link #data()}
 * unpacks into an HWIO copy that kernels reading row-major weights (a conv with other groups, the backward pass) and
 * in-place writers (an optimizer step, which then calls {@link #repack}) share until the panels are rebuilt.
 * Depthwise weights, which the conv never runs as a GEMM, are kept as HWIO and carry no panels.
 */
sealed class CpuPackedConvWeight extends CpuTensor permits WinogradWeight {
  private final int groups;
  private final boolean depthwise;
  /** The HWIO copy {@link #data()} made, or null. */
  private float[] hwio;

  /**
   * Packs {@code data} (HWIO, {@code hwio.size()} floats, only read: depthwise weights keep a copy) for
   * {@code groups} groups.
   */
  CpuPackedConvWeight(CpuBackend backend, Shape hwio, float[] data, int groups) {
    if (data.length != hwio.size()) {
      throw new IllegalArgumentException("conv weight " + hwio + " needs " + hwio.size() + " floats, got " + data.length);
    }
    boolean dw = CpuConv2d.isDepthwise(hwio.dim(2), hwio.dim(3), groups);
    super(backend, hwio, dw ? data.clone() : pack(hwio, data, groups), true);
    this.groups = groups;
    this.depthwise = dw;
  }

  /** The groups the panels were cut for; a conv with other groups reads the HWIO data instead. */
  int groups() {
    return groups;
  }

  /** The panels, or null for depthwise weights; throws once closed. */
  float[] panels() {
    float[] s = storage();
    return depthwise ? null : s;
  }

  /** Floats between the panels of consecutive groups. */
  int groupStride() {
    return groupStride(shape(), groups);
  }

  /** Rows of each group's B matrix: {@code kh * kw * cin/groups}. */
  int depth() {
    return depth(shape());
  }

  /** The weights as HWIO, unpacked on the first call after the panels were (re)built; throws once closed. */
  @Override
  float[] data() {
    float[] s = storage();
    if (depthwise) {
      return s;
    }
    if (hwio == null) {
      float[] h = new float[shape().size()];
      unpack(s, h);
      hwio = h;
    }
    return hwio;
  }

  /**
   * The weights of input channels {@code [first, first + count)} as HWIO {@code [kh, kw, count, cout]}, written to
   * {@code dst} from the panels (or from the HWIO copy, when there is one) without unpacking the rest; one group.
   */
  void copyInputChannels(int first, int count, float[] dst) {
    Shape s = shape();
    int cin = s.dim(2);
    int cout = s.dim(3);
    int taps = s.dim(0) * s.dim(1);
    if (groups != 1 || depthwise || first < 0 || count < 0 || first + count > cin
        || dst.length < taps * count * cout) {
      throw new IllegalArgumentException(
          "input channels [" + first + ", " + (first + count) + ") of " + s + " (groups=" + groups + ") into "
              + dst.length + " floats");
    }
    float[] panels = storage();
    for (int tap = 0; tap < taps; tap++) {
      int row = tap * cin + first;
      if (hwio != null) {
        System.arraycopy(hwio, row * cout, dst, tap * count * cout, count * cout);
      } else {
        GemmPacking.unpackRows(panels, 0, taps * cin, cout, row, count, new MatrixRef(dst, tap * count * cout, cout));
      }
    }
  }

  @Override
  public float[] copyToHost() {
    float[] out = new float[shape().size()];
    copyToHost(out);
    return out;
  }

  @Override
  public void copyToHost(float[] dst) {
    float[] s = storage();
    requireLength("copyToHost destination", dst);
    if (depthwise || hwio != null) {
      System.arraycopy(data(), 0, dst, 0, dst.length);
    } else {
      unpack(s, dst);
    }
  }

  @Override
  public void copyFromHost(float[] src) {
    float[] s = storage();
    requireLength("copyFromHost source", src);
    if (depthwise) {
      System.arraycopy(src, 0, s, 0, src.length);
    } else {
      packInto(shape(), src, groups, s);
      hwio = null;
    }
  }

  @Override
  public void close() {
    super.close();
    hwio = null;
  }

  /**
   * Rebuilds the panels from the HWIO copy after a kernel (an optimizer step) wrote it in place, then drops the copy.
   * Without a copy nothing can have changed.
   */
  void repack() {
    float[] s = storage();
    if (!depthwise && hwio != null) {
      packInto(shape(), hwio, groups, s);
      hwio = null;
    }
  }

  private void unpack(float[] panels, float[] dst) {
    Shape s = shape();
    int cols = s.dim(3) / groups;
    int stride = groupStride();
    for (int g = 0; g < groups; g++) {
      GemmPacking.unpack(panels, g * stride, depth(), cols, new MatrixRef(dst, g * cols, s.dim(3)));
    }
  }

  private static float[] pack(Shape s, float[] hwio, int groups) {
    float[] packed = new float[Math.multiplyExact(groups, groupStride(s, groups))];
    packInto(s, hwio, groups, packed);
    return packed;
  }

  private static void packInto(Shape s, float[] hwio, int groups, float[] packed) {
    int cols = s.dim(3) / groups;
    int stride = groupStride(s, groups);
    for (int g = 0; g < groups; g++) {
      GemmPacking.pack(new MatrixRef(hwio, g * cols, s.dim(3)), depth(s), cols, packed, g * stride);
    }
  }

  private static int groupStride(Shape s, int groups) {
    return GemmPacking.packedSize(depth(s), s.dim(3) / groups);
  }

  private static int depth(Shape s) {
    return s.dim(0) * s.dim(1) * s.dim(2);
  }
}
