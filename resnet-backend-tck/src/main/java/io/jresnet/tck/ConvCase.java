package io.jresnet.tck;

import io.jresnet.backend.Conv2dParams;
import io.jresnet.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One convolution the {@link ConvContract} runs: input {@code [n, h, w, cin]}, {@code cout} filters, the geometry
 * in {@code params}, and which parts of the fused epilogue are on. {@link #toString()} spells all of it out, so a
 * failing case says exactly which shape failed.
 *
 * @param label what the case is for, e.g. "7x7/2 stem"
 * @param seed seeds the case's random data
 */
public record ConvCase(
    String label,
    int n,
    int h,
    int w,
    int cin,
    int cout,
    Conv2dParams params,
    boolean bias,
    boolean residual,
    boolean relu,
    long seed) {

  public ConvCase {
    if (n < 1 || h < 1 || w < 1 || cin < 1 || cout < 1) {
      throw new IllegalArgumentException("dimensions must be >= 1 in " + label);
    }
    if (cin % params.groups() != 0 || cout % params.groups() != 0) {
      throw new IllegalArgumentException("groups must divide cin and cout in " + label);
    }
    if (params.outputH(h) < 1 || params.outputW(w) < 1) {
      throw new IllegalArgumentException("the window does not fit the input in " + label);
    }
  }

  public Shape inputShape() {
    return Shape.nhwc(n, h, w, cin);
  }

  /** HWIO {@code [kh, kw, cin/groups, cout]}. */
  public Shape weightShape() {
    return Shape.of(params.kernelH(), params.kernelW(), cin / params.groups(), cout);
  }

  public Shape outputShape() {
    return Shape.nhwc(n, params.outputH(h), params.outputW(w), cout);
  }

  /** Multiply-accumulates of the case, to keep the suite's cost in view. */
  public long macs() {
    return outputShape().elementCount() * params.kernelH() * params.kernelW() * (cin / params.groups());
  }

  @Override
  public String toString() {
    Conv2dParams p = params;
    return String.format(
        "%s: x%s -> %d filters %dx%d stride %dx%d pad(t%d,b%d,l%d,r%d) dilation %dx%d groups %d%s%s%s",
        label,
        inputShape(),
        cout,
        p.kernelH(),
        p.kernelW(),
        p.strideH(),
        p.strideW(),
        p.padTop(),
        p.padBottom(),
        p.padLeft(),
        p.padRight(),
        p.dilationH(),
        p.dilationW(),
        p.groups(),
        bias ? " +bias" : "",
        residual ? " +residual" : "",
        relu ? " +relu" : "");
  }

  /** Square kernel, equal strides and symmetric padding, no dilation. */
  static ConvCase square(
      String label,
      int n,
      int h,
      int w,
      int cin,
      int cout,
      int kernel,
      int stride,
      int pad,
      int groups,
      String epilogue) {
    Conv2dParams p = new Conv2dParams(kernel, kernel, stride, stride, pad, pad, pad, pad, 1, 1, groups);
    return of(label, n, h, w, cin, cout, p, epilogue);
  }

  /**
   * A case with its seed derived from the label.
   *
   * @param epilogue any of "bias", "residual", "relu" separated by '+', or "" for a bare convolution
   */
  static ConvCase of(String label, int n, int h, int w, int cin, int cout, Conv2dParams p, String epilogue) {
    return new ConvCase(
        label,
        n,
        h,
        w,
        cin,
        cout,
        p,
        epilogue.contains("bias"),
        epilogue.contains("residual"),
        epilogue.contains("relu"),
        label.hashCode());
  }

  /**
   * {@code count} random small convolutions from a generator seeded with {@code seed}: kernels 1 to 5 (not always
   * square), strides 1 to 3, dilation 1 or 2, independent paddings on each side (up to the kernel size), plain,
   * grouped and depthwise, odd channel counts and a random epilogue.
   */
  static List<ConvCase> random(long seed, int count) {
    Random r = new Random(seed);
    int[] kernels = {1, 2, 3, 5};
    int[] channelsPerGroup = {1, 2, 3, 5, 8, 17};
    List<ConvCase> cases = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int kh = kernels[r.nextInt(kernels.length)];
      int kw = r.nextInt(3) == 0 ? kernels[r.nextInt(kernels.length)] : kh;
      int groups;
      int cinG;
      int coutG;
      switch (r.nextInt(4)) {
        case 0 -> { // depthwise, channel multiplier 1 or 2
          groups = 1 + r.nextInt(12);
          cinG = 1;
          coutG = 1 + r.nextInt(2);
        }
        case 1 -> {
          groups = 2 + r.nextInt(3);
          cinG = channelsPerGroup[r.nextInt(channelsPerGroup.length)];
          coutG = channelsPerGroup[r.nextInt(channelsPerGroup.length)];
        }
        default -> {
          groups = 1;
          cinG = channelsPerGroup[r.nextInt(channelsPerGroup.length)] * (1 + r.nextInt(3));
          coutG = channelsPerGroup[r.nextInt(channelsPerGroup.length)] * (1 + r.nextInt(3));
        }
      }
      int strideH = 1 + r.nextInt(3);
      int strideW = r.nextBoolean() ? strideH : 1 + r.nextInt(3);
      int dilation = r.nextInt(4) == 0 ? 2 : 1;
      Conv2dParams p =
          new Conv2dParams(
              kh,
              kw,
              strideH,
              strideW,
              r.nextInt(kh + 1),
              r.nextInt(kh + 1),
              r.nextInt(kw + 1),
              r.nextInt(kw + 1),
              dilation,
              dilation,
              groups);
      int h = Math.max(1 + r.nextInt(12), dilation * (kh - 1) + 1);
      int w = Math.max(1 + r.nextInt(12), dilation * (kw - 1) + 1);
      cases.add(
          new ConvCase(
              "random #" + i,
              1 + r.nextInt(3),
              h,
              w,
              cinG * groups,
              coutG * groups,
              p,
              r.nextBoolean(),
              r.nextBoolean(),
              r.nextBoolean(),
              r.nextLong()));
    }
    return cases;
  }
}
