package io.jresnet.bench;

/** Layout changes at the ONNX boundary, where images are NCHW. */
public final class Layouts {
  private Layouts() {}

  /** {@code [n, h, w, c]} to {@code [n, c, h, w]}, both row-major. */
  public static float[] nhwcToNchw(float[] nhwc, int n, int h, int w, int c) {
    if ((long) n * h * w * c != nhwc.length) {
      throw new IllegalArgumentException(
          "NHWC data of " + nhwc.length + " floats does not match [" + n + ", " + h + ", " + w + ", " + c + "]");
    }
    float[] nchw = new float[nhwc.length];
    int plane = h * w;
    for (int b = 0; b < n; b++) {
      int base = b * plane * c;
      for (int p = 0; p < plane; p++) {
        for (int ch = 0; ch < c; ch++) {
          nchw[base + ch * plane + p] = nhwc[base + p * c + ch];
        }
      }
    }
    return nchw;
  }
}
