package io.jresnet.bench;

import io.jresnet.backend.Conv2dParams;

/** One representative convolution of each {@link ConvFamily}, with ResNet-50 / MobileNet-like sizes. */
public final class ConvCatalog {
  private ConvCatalog() {}

  /** The representative of {@code family} at batch {@code batch}. */
  public static ConvShape representative(ConvFamily family, int batch) {
    return switch (family) {
      case POINTWISE -> ConvShape.square("1x1 28x28 512->128", batch, 28, 512, 128, 1, 1, 0);
      case POINTWISE_STRIDED -> ConvShape.square("1x1/2 56x56 256->512", batch, 56, 256, 512, 1, 2, 0);
      case CONV3X3 -> ConvShape.square("3x3 28x28 128->128", batch, 28, 128, 128, 3, 1, 1);
      case CONV3X3_STRIDED -> ConvShape.square("3x3/2 56x56 128->128", batch, 56, 128, 128, 3, 2, 1);
      case STEM -> ConvShape.square("7x7/2 224x224 3->64", batch, 224, 3, 64, 7, 2, 3);
      case DEPTHWISE ->
          new ConvShape(
              "depthwise 3x3 56x56x128", batch, 56, 56, 128, 128, new Conv2dParams(3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 128));
    };
  }
}
