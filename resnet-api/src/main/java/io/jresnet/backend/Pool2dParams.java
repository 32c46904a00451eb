package io.jresnet.backend;

/**
 * Geometry of a 2-D max or average pool over NHWC input. For average pools {@code countPadding} says whether padded
 * cells count in the divisor (PyTorch's default {@code count_include_pad=True}; Keras 'same' excludes them).
 */
public record Pool2dParams(
    int kernelH,
    int kernelW,
    int strideH,
    int strideW,
    int padTop,
    int padBottom,
    int padLeft,
    int padRight,
    boolean countPadding) {

  public Pool2dParams {
    if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1) {
      throw new IllegalArgumentException("pool kernel and stride must be >= 1");
    }
    if (padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0) {
      throw new IllegalArgumentException("padding must be >= 0");
    }
  }

  public static Pool2dParams square(int kernel, int stride, int padding) {
    return new Pool2dParams(kernel, kernel, stride, stride, padding, padding, padding, padding, true);
  }

  public int outputH(int inputH) {
    return Conv2dParams.outputSize(inputH, kernelH, strideH, padTop + padBottom, 1);
  }

  public int outputW(int inputW) {
    return Conv2dParams.outputSize(inputW, kernelW, strideW, padLeft + padRight, 1);
  }
}
