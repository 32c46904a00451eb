package io.jresnet.tck;

import io.jresnet.backend.DenseKernels;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;

/** Matrix product {@code [N, in] x [in, out]}, one dot product per output, summed in {@code double}. */
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
}
