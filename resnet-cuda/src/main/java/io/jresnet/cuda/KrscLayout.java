package io.jresnet.cuda;

import io.jresnet.tensor.Shape;

/**
 * Host-side conversion between the canonical HWIO conv weight {@code [kh, kw, cin/groups, cout]} and cuDNN's NHWC
 * filter layout KRSC {@code [cout, kh, kw, cin/groups]}: viewed as matrices, {@code [kh*kw*cin/groups, cout]} and
 * its transpose. The device does the same with the {@code transpose_f32} kernel.
 */
final class KrscLayout {
  private KrscLayout() {}

  /** Rows of the HWIO matrix view: {@code kh * kw * cin/groups}. */
  static int rows(Shape hwio) {
    return hwio.dim(0) * hwio.dim(1) * hwio.dim(2);
  }

  static float[] toKrsc(float[] hwio, Shape shape) {
    return transpose(hwio, rows(shape), shape.dim(3));
  }

  static float[] toHwio(float[] krsc, Shape shape) {
    return transpose(krsc, shape.dim(3), rows(shape));
  }

  /** {@code out[c * rows + r] = in[r * cols + c]}. */
  static float[] transpose(float[] in, int rows, int cols) {
    float[] out = new float[in.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[c * rows + r] = in[r * cols + c];
      }
    }
    return out;
  }
}
