package io.jresnet.tck;

import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.ConvKernels;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;

/**
 * Direct convolution and its two gradients: nested loops over every (output cell, filter, tap, input channel),
 * summed in {@code double}. The backward kernels walk the same loops as the forward one and scatter into a
 * {@code double} accumulator, so all three share one notion of which input cell each tap reads.
 */
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
    Geometry g = Geometry.of(args, "x", x.shape(), "weight", weight.shape(), p);
    args.requireShape("bias", bias, Shape.of(g.cout));
    args.requireShape("residual", residual, g.outputShape());
    args.requireShape("y", y, g.outputShape());

    // Results go to a scratch array first, so that y may safely be the same tensor as residual.
    float[] out = new float[ys.length];
    for (int b = 0; b < g.n; b++) {
      for (int oy = 0; oy < g.oh; oy++) {
        for (int ox = 0; ox < g.ow; ox++) {
          int outBase = ((b * g.oh + oy) * g.ow + ox) * g.cout;
          for (int co = 0; co < g.cout; co++) {
            int firstInputChannel = (co / g.coutG) * g.cinG;
            double sum = bs == null ? 0 : bs[co];
            for (int ky = 0; ky < p.kernelH(); ky++) {
              int iy = oy * p.strideH() - p.padTop() + ky * p.dilationH();
              if (iy < 0 || iy >= g.h) {
                continue; // zero padding contributes nothing
              }
              for (int kx = 0; kx < p.kernelW(); kx++) {
                int ix = ox * p.strideW() - p.padLeft() + kx * p.dilationW();
                if (ix < 0 || ix >= g.w) {
                  continue;
                }
                int inBase = ((b * g.h + iy) * g.w + ix) * g.cin + firstInputChannel;
                int wBase = (ky * p.kernelW() + kx) * g.cinG * g.cout + co;
                for (int ci = 0; ci < g.cinG; ci++) {
                  sum += (double) xs[inBase + ci] * ws[wBase + ci * g.cout];
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

  @Override
  public void conv2dBackwardData(Tensor dy, Tensor weight, Conv2dParams p, Tensor dx) {
    ReferenceArgs args = new ReferenceArgs(backend, "conv2dBackwardData");
    float[] dys = args.data("dy", dy);
    float[] ws = args.data("weight", weight);
    float[] dxs = args.data("dx", dx);
    Geometry g = Geometry.of(args, "dx", dx.shape(), "weight", weight.shape(), p);
    args.requireShape("dy", dy, g.outputShape());

    double[] acc = new double[dxs.length];
    for (int b = 0; b < g.n; b++) {
      for (int oy = 0; oy < g.oh; oy++) {
        for (int ox = 0; ox < g.ow; ox++) {
          int outBase = ((b * g.oh + oy) * g.ow + ox) * g.cout;
          for (int co = 0; co < g.cout; co++) {
            double grad = dys[outBase + co];
            int firstInputChannel = (co / g.coutG) * g.cinG;
            for (int ky = 0; ky < p.kernelH(); ky++) {
              int iy = oy * p.strideH() - p.padTop() + ky * p.dilationH();
              if (iy < 0 || iy >= g.h) {
                continue; // a tap on the padding has no input cell to credit
              }
              for (int kx = 0; kx < p.kernelW(); kx++) {
                int ix = ox * p.strideW() - p.padLeft() + kx * p.dilationW();
                if (ix < 0 || ix >= g.w) {
                  continue;
                }
                int inBase = ((b * g.h + iy) * g.w + ix) * g.cin + firstInputChannel;
                int wBase = (ky * p.kernelW() + kx) * g.cinG * g.cout + co;
                for (int ci = 0; ci < g.cinG; ci++) {
                  acc[inBase + ci] += grad * ws[wBase + ci * g.cout];
                }
              }
            }
          }
        }
      }
    }
    store(acc, dxs);
  }

  @Override
  public void conv2dBackwardFilter(Tensor x, Tensor dy, Conv2dParams p, Tensor dWeight, Tensor dBias) {
    ReferenceArgs args = new ReferenceArgs(backend, "conv2dBackwardFilter");
    float[] xs = args.data("x", x);
    float[] dys = args.data("dy", dy);
    float[] dws = args.data("dWeight", dWeight);
    float[] dbs = args.optionalData("dBias", dBias);
    Geometry g = Geometry.of(args, "x", x.shape(), "dWeight", dWeight.shape(), p);
    args.requireShape("dy", dy, g.outputShape());
    args.requireShape("dBias", dBias, Shape.of(g.cout));

    double[] accW = new double[dws.length];
    double[] accB = new double[g.cout];
    for (int b = 0; b < g.n; b++) {
      for (int oy = 0; oy < g.oh; oy++) {
        for (int ox = 0; ox < g.ow; ox++) {
          int outBase = ((b * g.oh + oy) * g.ow + ox) * g.cout;
          for (int co = 0; co < g.cout; co++) {
            double grad = dys[outBase + co];
            accB[co] += grad;
            int firstInputChannel = (co / g.coutG) * g.cinG;
            for (int ky = 0; ky < p.kernelH(); ky++) {
              int iy = oy * p.strideH() - p.padTop() + ky * p.dilationH();
              if (iy < 0 || iy >= g.h) {
                continue; // the tap read a padded zero: no contribution to its weight
              }
              for (int kx = 0; kx < p.kernelW(); kx++) {
                int ix = ox * p.strideW() - p.padLeft() + kx * p.dilationW();
                if (ix < 0 || ix >= g.w) {
                  continue;
                }
                int inBase = ((b * g.h + iy) * g.w + ix) * g.cin + firstInputChannel;
                int wBase = (ky * p.kernelW() + kx) * g.cinG * g.cout + co;
                for (int ci = 0; ci < g.cinG; ci++) {
                  accW[wBase + ci * g.cout] += grad * xs[inBase + ci];
                }
              }
            }
          }
        }
      }
    }
    store(accW, dws);
    if (dbs != null) {
      store(accB, dbs);
    }
  }

  private static void store(double[] acc, float[] out) {
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) acc[i];
    }
  }

  /** The sizes of one convolution, checked against each other once per call. */
  private record Geometry(int n, int h, int w, int cin, int cout, int cinG, int coutG, int oh, int ow) {
    Shape outputShape() {
      return Shape.nhwc(n, oh, ow, cout);
    }

    /**
     * Validates the input-side tensor ({@code x} or {@code dx}) and the filter-side one ({@code weight} or {@code
     * dWeight}) against {@code p}; the messages use the caller's argument names.
     */
    static Geometry of(
        ReferenceArgs args, String inputRole, Shape input, String weightRole, Shape weight, Conv2dParams p) {
      if (p == null) {
        throw args.error("params must not be null");
      }
      requireRank(args, inputRole, input, "NHWC [N, H, W, Cin]");
      requireRank(args, weightRole, weight, "HWIO [kh, kw, Cin/groups, Cout]");
      int n = input.dim(0);
      int h = input.dim(1);
      int w = input.dim(2);
      int cin = input.dim(3);
      int cout = weight.dim(3);
      int groups = p.groups();
      if (cin % groups != 0 || cout % groups != 0) {
        throw args.error(
            "groups="
                + groups
                + " must divide both input channels ("
                + cin
                + ") and output channels ("
                + cout
                + ")");
      }
      Shape expectedWeight = Shape.of(p.kernelH(), p.kernelW(), cin / groups, cout);
      if (!weight.equals(expectedWeight)) {
        throw args.error(weightRole + " has shape " + weight + ", expected " + expectedWeight);
      }
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
                + input
                + " with its padding");
      }
      return new Geometry(n, h, w, cin, cout, cin / groups, cout / groups, oh, ow);
    }

    private static void requireRank(ReferenceArgs args, String role, Shape shape, String layout) {
      if (shape.rank() != 4) {
        throw args.error(role + " must be " + layout + ", got shape " + shape);
      }
    }
  }
}
