package io.jresnet.tck;

import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.ConvKernels;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;

/** Direct convolution: seven nested loops, one output element at a time, summed in {@code double}. */
final class ReferenceConvKernels implements ConvKernels {
  private final ReferenceBackend backend;

  ReferenceConvKernels(ReferenceBackend backend) {
    this.backend = backend;
  }

  @Override
  public void conv2d(
      Tensor x, Tensor weight, Tensor bias, Conv2dParams p, Tensor residual, boolean relu, Tensor y) {
    ReferenceArgs args = new ReferenceArgs(backend, "conv2d");
    float[] xs = args.data("x", x);
    float[] ws = args.data("weight", weight);
    float[] bs = args.optionalData("bias", bias);
    float[] rs = args.optionalData("residual", residual);
    float[] ys = args.data("y", y);
    if (p == null) {
      throw args.error("params must not be null");
    }
    args.requireRank("x", x, 4, "NHWC [N, H, W, Cin]");
    args.requireRank("weight", weight, 4, "HWIO [kh, kw, Cin/groups, Cout]");
    int n = x.shape().dim(0);
    int h = x.shape().dim(1);
    int w = x.shape().dim(2);
    int cin = x.shape().dim(3);
    int cout = weight.shape().dim(3);
    int groups = p.groups();
    if (cin % groups != 0 || cout % groups != 0) {
      throw args.error(
          "groups=" + groups + " must divide both input channels (" + cin + ") and output channels (" + cout + ")");
    }
    int cinG = cin / groups;
    int coutG = cout / groups;
    args.requireShape("weight", weight, Shape.of(p.kernelH(), p.kernelW(), cinG, cout));
    int oh = p.outputH(h);
    int ow = p.outputW(w);
    if (oh < 1 || ow < 1) {
      throw args.error(
          "the "
              + p.kernelH()
              + "x"
              + p.kernelW()
              + " window (dilation "
              + p.dilationH()
              + "x"
              + p.dilationW()
              + ") does not fit input "
              + x.shape()
              + " with its padding");
    }
    Shape outShape = Shape.nhwc(n, oh, ow, cout);
    args.requireShape("bias", bias, Shape.of(cout));
    args.requireShape("residual", residual, outShape);
    args.requireShape("y", y, outShape);

    // Results go to a scratch array first, so that y may safely be the same tensor as residual.
    float[] out = new float[ys.length];
    for (int b = 0; b < n; b++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          int outBase = ((b * oh + oy) * ow + ox) * cout;
          for (int co = 0; co < cout; co++) {
            int firstInputChannel = (co / coutG) * cinG;
            double sum = bs == null ? 0 : bs[co];
            for (int ky = 0; ky < p.kernelH(); ky++) {
              int iy = oy * p.strideH() - p.padTop() + ky * p.dilationH();
              if (iy < 0 || iy >= h) {
                continue; // zero padding contributes nothing
              }
              for (int kx = 0; kx < p.kernelW(); kx++) {
                int ix = ox * p.strideW() - p.padLeft() + kx * p.dilationW();
                if (ix < 0 || ix >= w) {
                  continue;
                }
                int inBase = ((b * h + iy) * w + ix) * cin + firstInputChannel;
                int wBase = (ky * p.kernelW() + kx) * cinG * cout + co;
                for (int ci = 0; ci < cinG; ci++) {
                  sum += (double) xs[inBase + ci] * ws[wBase + ci * cout];
                }
              }
            }
            if (rs != null) {
              sum += rs[outBase + co];
            }
            out[outBase + co] = (float) (relu ? Math.max(sum, 0) : sum);
          }
        }
      }
    }
    System.arraycopy(out, 0, ys, 0, out.length);
  }
}
