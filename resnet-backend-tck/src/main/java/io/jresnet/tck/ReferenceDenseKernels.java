package io.jresnet.tck;

import io.jresnet.backend.DenseKernels;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;

/** Matrix product {@code [N, in] x [in, out]} and its gradients, one dot product per output, in {@code double}. */
final class ReferenceDenseKernels implements DenseKernels {
  private final ReferenceBackend backend;

  ReferenceDenseKernels(ReferenceBackend backend) {
    this.backend = backend;
  }

  @Override
  public void dense(Tensor x, Tensor weight, Tensor bias, Tensor y) {
    ReferenceArgs args = new ReferenceArgs(backend, "dense");
    float[] xs = args.data("x", x);
    float[] ws = args.data("weight", weight);
    float[] bs = args.optionalData("bias", bias);
    float[] ys = args.data("y", y);
    args.requireRank("x", x, 2, "[N, in]");
    args.requireRank("weight", weight, 2, "[in, out]");
    int n = x.shape().dim(0);
    int in = x.shape().dim(1);
    int out = weight.shape().dim(1);
    args.requireShape("weight", weight, Shape.of(in, out));
    args.requireShape("bias", bias, Shape.of(out));
    args.requireShape("y", y, Shape.of(n, out));

    float[] result = new float[ys.length];
    for (int row = 0; row < n; row++) {
      for (int col = 0; col < out; col++) {
        double sum = bs == null ? 0 : bs[col];
        for (int k = 0; k < in; k++) {
          sum += (double) xs[row * in + k] * ws[k * out + col];
        }
        result[row * out + col] = (float) sum;
      }
    }
    System.arraycopy(result, 0, ys, 0, result.length);
  }

  @Override
  public void denseBackwardData(Tensor dy, Tensor weight, Tensor dx) {
    ReferenceArgs args = new ReferenceArgs(backend, "denseBackwardData");
    float[] dys = args.data("dy", dy);
    float[] ws = args.data("weight", weight);
    float[] dxs = args.data("dx", dx);
    args.requireRank("dy", dy, 2, "[N, out]");
    args.requireRank("weight", weight, 2, "[in, out]");
    int n = dy.shape().dim(0);
    int out = dy.shape().dim(1);
    int in = weight.shape().dim(0);
    args.requireShape("weight", weight, Shape.of(in, out));
    args.requireShape("dx", dx, Shape.of(n, in));

    float[] result = new float[dxs.length];
    for (int row = 0; row < n; row++) {
      for (int k = 0; k < in; k++) {
        double sum = 0;
        for (int col = 0; col < out; col++) {
          sum += (double) dys[row * out + col] * ws[k * out + col];
        }
        result[row * in + k] = (float) sum;
      }
    }
    System.arraycopy(result, 0, dxs, 0, result.length);
  }

  @Override
  public void denseBackwardWeight(Tensor x, Tensor dy, Tensor dWeight, Tensor dBias) {
    ReferenceArgs args = new ReferenceArgs(backend, "denseBackwardWeight");
    float[] xs = args.data("x", x);
    float[] dys = args.data("dy", dy);
    float[] dws = args.data("dWeight", dWeight);
    float[] dbs = args.optionalData("dBias", dBias);
    args.requireRank("x", x, 2, "[N, in]");
    args.requireRank("dy", dy, 2, "[N, out]");
    int n = x.shape().dim(0);
    int in = x.shape().dim(1);
    int out = dy.shape().dim(1);
    args.requireShape("dy", dy, Shape.of(n, out));
    args.requireShape("dWeight", dWeight, Shape.of(in, out));
    args.requireShape("dBias", dBias, Shape.of(out));

    for (int k = 0; k < in; k++) {
      for (int col = 0; col < out; col++) {
        double sum = 0;
        for (int row = 0; row < n; row++) {
          sum += (double) xs[row * in + k] * dys[row * out + col];
        }
        dws[k * out + col] = (float) sum;
      }
    }
    if (dbs != null) {
      for (int col = 0; col < out; col++) {
        double sum = 0;
        for (int row = 0; row < n; row++) {
          sum += dys[row * out + col];
        }
        dbs[col] = (float) sum;
      }
    }
  }
}
