package io.jresnet.tck;

import io.jresnet.backend.NormKernels;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;

/** Batch-norm with running statistics, evaluated per element in {@code double}. */
final class ReferenceNormKernels implements NormKernels {
  private final ReferenceBackend backend;

  ReferenceNormKernels(ReferenceBackend backend) {
    this.backend = backend;
  }

  @Override
  public void batchNormInference(
      Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor var, float epsilon, boolean relu, Tensor y) {
    ReferenceArgs args = new ReferenceArgs(backend, "batchNormInference");
    float[] xs = args.data("x", x);
    float[] gs = args.data("gamma", gamma);
    float[] bs = args.data("beta", beta);
    float[] ms = args.data("mean", mean);
    float[] vs = args.data("var", var);
    float[] ys = args.data("y", y);
    if (x.shape().rank() < 1) {
      throw args.error("x must have a channel axis, got shape " + x.shape());
    }
    if (!(epsilon >= 0) || Float.isInfinite(epsilon)) {
      throw args.error("epsilon must be finite and >= 0, got " + epsilon);
    }
    int c = x.shape().dim(-1);
    Shape perChannel = Shape.of(c);
    args.requireShape("gamma", gamma, perChannel);
    args.requireShape("beta", beta, perChannel);
    args.requireShape("mean", mean, perChannel);
    args.requireShape("var", var, perChannel);
    args.requireShape("y", y, x.shape());

    // Elementwise with each x read before its y is written, so y may be x.
    for (int i = 0; i < xs.length; i++) {
      int ch = i % c;
      double normalised = (xs[i] - (double) ms[ch]) / Math.sqrt((double) vs[ch] + epsilon);
      double v = normalised * gs[ch] + bs[ch];
      ys[i] = (float) (relu ? Math.max(v, 0) : v);
    }
  }
}
