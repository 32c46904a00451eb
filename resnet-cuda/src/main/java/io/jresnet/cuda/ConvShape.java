package io.jresnet.cuda;

import io.jresnet.backend.Conv2dParams;
import io.jresnet.tensor.Shape;

/**
 * One convolution as cuDNN sees it: NHWC input {@code [n, h, w, cin]}, KRSC filter {@code [cout, kh, kw,
 * cin/groups]}, NHWC output {@code [n, oh, ow, cout]}. cuDNN pads symmetrically only, so asymmetric padding (Keras
 * 'same' with an even kernel or stride 2) is applied explicitly first: the convolution then runs on the padded input
 * {@code [n, paddedH, paddedW, cin]} with no padding of its own. The record is the key of the descriptor and
 * algorithm caches, so it holds exactly what determines them.
 */
record ConvShape(int n, int h, int w, int cin, int cout, Conv2dParams params) {
  /**
   * Checks {@code x} (or {@code dx}) against the weight shape and params, with messages naming {@code kernel} and
   * the arguments, worded as the CPU backend's.
   */
  static ConvShape of(String kernel, String xName, Shape xs, String wName, Shape ws, Conv2dParams p) {
    if (p == null) {
      throw new IllegalArgumentException(kernel + ": params is null");
    }
    if (xs.rank() != 4) {
      throw new IllegalArgumentException(kernel + ": " + xName + " must be NHWC (rank 4), got shape " + xs);
    }
    if (ws.rank() != 4) {
      throw new IllegalArgumentException(
          kernel + ": " + wName + " must be HWIO [kh, kw, cin/groups, cout] (rank 4), got shape " + ws);
    }
    if (ws.dim(0) != p.kernelH() || ws.dim(1) != p.kernelW()) {
      throw new IllegalArgumentException(kernel + ": " + wName + " " + ws + " is a " + ws.dim(0) + "x" + ws.dim(1)
          + " kernel but params say " + p.kernelH() + "x" + p.kernelW());
    }
    int cin = xs.dim(3);
    if (cin % p.groups() != 0) {
      throw new IllegalArgumentException(
          kernel + ": groups=" + p.groups() + " does not divide the " + cin + " channels of " + xName + " " + xs);
    }
    if (ws.dim(2) != cin / p.groups()) {
      Shape expected = Shape.of(ws.dim(0), ws.dim(1), cin / p.groups(), ws.dim(3));
      throw new IllegalArgumentException(kernel + ": " + wName + " has shape " + ws + ", expected " + expected
          + " (" + xName + " has " + cin + " channels, groups=" + p.groups() + ")");
    }
    int cout = ws.dim(3);
    if (cout % p.groups() != 0) {
      throw new IllegalArgumentException(kernel + ": " + wName + " " + ws + " has " + cout
          + " output channels, not divisible by groups=" + p.groups());
    }
    ConvShape shape = new ConvShape(xs.dim(0), xs.dim(1), xs.dim(2), cin, cout, p);
    if (shape.oh() < 1 || shape.ow() < 1) {
      throw new IllegalArgumentException(kernel + ": the " + p.kernelH() + "x" + p.kernelW()
          + " window does not fit " + xName + " " + xs + " with this padding and dilation (output would be "
          + shape.oh() + "x" + shape.ow() + ")");
    }
    return shape;
  }

  int oh() {
    return params.outputH(h);
  }

  int ow() {
    return params.outputW(w);
  }

  int kh() {
    return params.kernelH();
  }

  int kw() {
    return params.kernelW();
  }

  int cinPerGroup() {
    return cin / params.groups();
  }

  /** Whether cuDNN can pad by itself (top = bottom and left = right). */
  boolean symmetricPadding() {
    return params.padTop() == params.padBottom() && params.padLeft() == params.padRight();
  }

  /** Height of the input cuDNN reads: {@code h}, or {@code h} plus both paddings when padded explicitly. */
  int paddedH() {
    return symmetricPadding() ? h : h + params.padTop() + params.padBottom();
  }

  int paddedW() {
    return symmetricPadding() ? w : w + params.padLeft() + params.padRight();
  }

  /** The padding cuDNN's descriptor gets (0 when padded explicitly). */
  int cudnnPadH() {
    return symmetricPadding() ? params.padTop() : 0;
  }

  int cudnnPadW() {
    return symmetricPadding() ? params.padLeft() : 0;
  }

  Shape inputShape() {
    return Shape.nhwc(n, h, w, cin);
  }

  Shape paddedInputShape() {
    return Shape.nhwc(n, paddedH(), paddedW(), cin);
  }

  Shape outputShape() {
    return Shape.nhwc(n, oh(), ow(), cout);
  }

  /** The HWIO weight shape {@code [kh, kw, cin/groups, cout]}. */
  Shape weightShape() {
    return Shape.of(kh(), kw(), cinPerGroup(), cout);
  }

  /** Rows of the output seen as a matrix {@code [n*oh*ow, cout]} (bias and its gradient). */
  long outputRows() {
    return (long) n * oh() * ow();
  }
}
