package io.jresnet.backend;

/**
 * Geometry of a 2-D convolution over NHWC input with HWIO weights {@code [kh, kw, cin/groups, cout]}. Padding may
 * be asymmetric (Keras 'same' with even kernels pads more at the bottom/right).
 */
public record Conv2dParams(
    int kernelH,
    int kernelW,
    int strideH,
    int strideW,
    int padTop,
    int padBottom,
    int padLeft,
    int padRight,
    int dilationH,
    int dilationW,
    int groups) {

  public Conv2dParams {
    if (kernelH < 1 || kernelW < 1) {
      throw new IllegalArgumentException("kernel must be >= 1, got " + kernelH + "x" + kernelW);
    }
    if (strideH < 1 || strideW < 1) {
      throw new IllegalArgumentException("stride must be >= 1, got " + strideH + "x" + strideW);
    }
    if (padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0) {
      throw new IllegalArgumentException("padding must be >= 0");
    }
    if (dilationH < 1 || dilationW < 1) {
      throw new IllegalArgumentException("dilation must be >= 1, got " + dilationH + "x" + dilationW);
    }
    if (groups < 1) {
      throw new IllegalArgumentException("groups must be >= 1, got " + groups);
    }
  }

  /** Square kernel, equal stride and symmetric padding, no dilation, one group. */
  public static Conv2dParams square(int kernel, int stride, int padding) {
    return new Conv2dParams(kernel, kernel, stride, stride, padding, padding, padding, padding, 1, 1, 1);
  }

  public int outputH(int inputH) {
    return outputSize(inputH, kernelH, strideH, padTop + padBottom, dilationH);
  }

  public int outputW(int inputW) {
    return outputSize(inputW, kernelW, strideW, padLeft + padRight, dilationW);
  }

  /** Output length of a strided window over {@code in} (may be <= 0 when the window does not fit). */
  public static int outputSize(int in, int kernel, int stride, int totalPad, int dilation) {
    int span = dilation * (kernel - 1) + 1;
    int room = in + totalPad - span;
    return room < 0 ? 0 : room / stride + 1;
  }
}
