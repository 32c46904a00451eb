package io.jresnet.bench;

import io.jresnet.backend.Conv2dParams;

/** The kinds of convolution a ResNet runs, which the CPU backend may implement by different algorithms. */
public enum ConvFamily {
  /** 1x1, stride 1: a plain GEMM over NHWC rows. */
  POINTWISE("1x1"),
  /** 1x1 with a stride (the projection shortcuts): a GEMM over every other pixel. */
  POINTWISE_STRIDED("1x1/2"),
  /** 3x3, stride 1. */
  CONV3X3("3x3"),
  /** 3x3 with a stride (the first block of a torchvision stage). */
  CONV3X3_STRIDED("3x3/2"),
  /** Any other dense kernel, e.g. the 7x7/2 stem. */
  STEM("7x7/2 stem"),
  /** One group per input channel. */
  DEPTHWISE("depthwise");

  private final String label;

  ConvFamily(String label) {
    this.label = label;
  }

  /** A short label for tables. */
  public String label() {
    return label;
  }

  /** The family of a convolution with {@code inputChannels} input channels and geometry {@code params}. */
  public static ConvFamily of(Conv2dParams params, int inputChannels) {
    boolean strided = params.strideH() > 1 || params.strideW() > 1;
    if (params.groups() > 1 && params.groups() == inputChannels) {
      return DEPTHWISE;
    }
    if (params.kernelH() == 1 && params.kernelW() == 1) {
      return strided ? POINTWISE_STRIDED : POINTWISE;
    }
    if (params.kernelH() == 3 && params.kernelW() == 3) {
      return strided ? CONV3X3_STRIDED : CONV3X3;
    }
    return STEM;
  }
}
