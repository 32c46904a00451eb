package io.jresnet.bench;

import io.jresnet.backend.Conv2dParams;
import io.jresnet.tensor.Shape;
import java.util.Locale;

/**
 * One convolution to time: NHWC input {@code [batch, height, width, inputChannels]}, HWIO weights
 * {@code [kh, kw, inputChannels / groups, filters]} and the geometry in {@code params}.
 *
 * @param name a label, e.g. {@code layer1.0.conv1} or {@code 1x1 56x56 64->256}
 * @param batch images per call
 * @param height input height
 * @param width input width
 * @param inputChannels input channels
 * @param filters output channels
 * @param params kernel, stride, padding, dilation and groups
 */
public record ConvShape(
    String name, int batch, int height, int width, int inputChannels, int filters, Conv2dParams params) {
  public ConvShape {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a conv shape needs a name");
    }
    if (batch < 1 || height < 1 || width < 1 || inputChannels < 1 || filters < 1) {
      throw new IllegalArgumentException(
          name + ": batch, height, width, input channels and filters must be >= 1, got " + batch + ", " + height
              + ", " + width + ", " + inputChannels + ", " + filters);
    }
    if (inputChannels % params.groups() != 0 || filters % params.groups() != 0) {
      throw new IllegalArgumentException(
          name + ": groups=" + params.groups() + " must divide input channels " + inputChannels + " and filters "
              + filters);
    }
    if (params.outputH(height) < 1 || params.outputW(width) < 1) {
      throw new IllegalArgumentException(
          name + ": a " + params.kernelH() + "x" + params.kernelW() + " window does not fit a " + height + "x"
              + width + " input");
    }
  }

  /** A square kernel with symmetric padding and one group. */
  public static ConvShape square(
      String name, int batch, int size, int inputChannels, int filters, int kernel, int stride, int padding) {
    return new ConvShape(
        name, batch, size, size, inputChannels, filters, Conv2dParams.square(kernel, stride, padding));
  }

  public ConvShape withBatch(int n) {
    return new ConvShape(name, n, height, width, inputChannels, filters, params);
  }

  public ConvShape withName(String newName) {
    return new ConvShape(newName, batch, height, width, inputChannels, filters, params);
  }

  public int outputHeight() {
    return params.outputH(height);
  }

  public int outputWidth() {
    return params.outputW(width);
  }

  public Shape inputShape() {
    return Shape.nhwc(batch, height, width, inputChannels);
  }

  public Shape weightShape() {
    return Shape.of(params.kernelH(), params.kernelW(), inputChannels / params.groups(), filters);
  }

  public Shape outputShape() {
    return Shape.nhwc(batch, outputHeight(), outputWidth(), filters);
  }

  public ConvFamily family() {
    return ConvFamily.of(params, inputChannels);
  }

  /** Floating-point operations of one call: 2 per multiply-add (the epilogue is not counted). */
  public double flops() {
    double macsPerOutput = (double) params.kernelH() * params.kernelW() * (inputChannels / params.groups());
    return 2.0 * macsPerOutput * outputShape().elementCount();
  }

  /** The GEMM this convolution amounts to: {@code M x N x K} (pixels x filters x taps), for one group. */
  public String gemmDims() {
    long m = (long) batch * outputHeight() * outputWidth();
    int k = params.kernelH() * params.kernelW() * (inputChannels / params.groups());
    return String.format(Locale.ROOT, "%dx%dx%d", m, filters / params.groups(), k);
  }

  /** E.g. {@code 56x56x64 -> 256, 1x1/1}: the geometry without the batch. */
  public String geometry() {
    return String.format(
        Locale.ROOT,
        "%dx%dx%d->%d %dx%d/%d%s",
        height,
        width,
        inputChannels,
        filters,
        params.kernelH(),
        params.kernelW(),
        params.strideH(),
        params.groups() > 1 ? " g" + params.groups() : "");
  }
}
