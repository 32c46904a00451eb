package io.jresnet.tck;

import io.jresnet.backend.NormKernels;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;

/**
 * Batch-norm in inference mode (running statistics) and training mode (batch statistics, with their backward),
 * evaluated per element in {@code double}.
 */
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

  @Override
  public void batchNormTraining(
      Tensor x,
      Tensor gamma,
      Tensor beta,
      Tensor runningMean,
      Tensor runningVar,
      float epsilon,
      float momentum,
      Tensor savedMean,
      Tensor savedInvStd,
      Tensor y) {
    ReferenceArgs args = new ReferenceArgs(backend, "batchNormTraining");
    float[] xs = args.data("x", x);
    float[] gs = args.data("gamma", gamma);
    float[] bs = args.data("beta", beta);
    float[] rms = args.data("runningMean", runningMean);
    float[] rvs = args.data("runningVar", runningVar);
    float[] sms = args.data("savedMean", savedMean);
    float[] sis = args.data("savedInvStd", savedInvStd);
    float[] ys = args.data("y", y);
    int c = channels(args, x, epsilon);
    if (!(momentum >= 0 && momentum <= 1)) {
      throw args.error("momentum must be in [0, 1], got " + momentum);
    }
    Shape perChannel = Shape.of(c);
    args.requireShape("gamma", gamma, perChannel);
    args.requireShape("beta", beta, perChannel);
    args.requireShape("runningMean", runningMean, perChannel);
    args.requireShape("runningVar", runningVar, perChannel);
    args.requireShape("savedMean", savedMean, perChannel);
    args.requireShape("savedInvStd", savedInvStd, perChannel);
    args.requireShape("y", y, x.shape());
    if (x == y) {
      throw args.error("y must not be the same tensor as x");
    }
    int count = xs.length / c;
    if (count < 2) {
      // PyTorch refuses too: the unbiased variance of one value is undefined.
      throw args.error("x " + x.shape() + " has " + count + " value per channel; training needs at least 2");
    }

    double[] mean = new double[c];
    double[] sqDev = new double[c];
    for (int i = 0; i < xs.length; i++) {
      mean[i % c] += xs[i];
    }
    for (int ch = 0; ch < c; ch++) {
      mean[ch] /= count;
    }
    for (int i = 0; i < xs.length; i++) {
      double d = xs[i] - mean[i % c];
      sqDev[i % c] += d * d;
    }
    double[] invStd = new double[c];
    for (int ch = 0; ch < c; ch++) {
      double biased = sqDev[ch] / count;
      double unbiased = sqDev[ch] / (count - 1);
      invStd[ch] = 1 / Math.sqrt(biased + epsilon);
      sms[ch] = (float) mean[ch];
      sis[ch] = (float) invStd[ch];
      rms[ch] = (float) ((1 - (double) momentum) * rms[ch] + momentum * mean[ch]);
      rvs[ch] = (float) ((1 - (double) momentum) * rvs[ch] + momentum * unbiased);
    }
    for (int i = 0; i < xs.length; i++) {
      int ch = i % c;
      ys[i] = (float) ((xs[i] - mean[ch]) * invStd[ch] * gs[ch] + bs[ch]);
    }
  }

  @Override
  public void batchNormBackward(
      Tensor dy,
      Tensor x,
      Tensor gamma,
      Tensor savedMean,
      Tensor savedInvStd,
      Tensor dx,
      Tensor dGamma,
      Tensor dBeta) {
    ReferenceArgs args = new ReferenceArgs(backend, "batchNormBackward");
    float[] dys = args.data("dy", dy);
    float[] xs = args.data("x", x);
    float[] gs = args.data("gamma", gamma);
    float[] sms = args.data("savedMean", savedMean);
    float[] sis = args.data("savedInvStd", savedInvStd);
    float[] dxs = args.data("dx", dx);
    float[] dgs = args.data("dGamma", dGamma);
    float[] dbs = args.data("dBeta", dBeta);
    int c = channels(args, x, 0f);
    Shape perChannel = Shape.of(c);
    args.requireShape("dy", dy, x.shape());
    args.requireShape("gamma", gamma, perChannel);
    args.requireShape("savedMean", savedMean, perChannel);
    args.requireShape("savedInvStd", savedInvStd, perChannel);
    args.requireShape("dx", dx, x.shape());
    args.requireShape("dGamma", dGamma, perChannel);
    args.requireShape("dBeta", dBeta, perChannel);
    int count = xs.length / c;
    if (count < 1) {
      throw args.error("x " + x.shape() + " has no values to normalise");
    }

    // y = gamma * xhat + beta with xhat = (x - mean) * invStd, where mean and invStd depend on every x of the
    // channel; differentiating through them gives dx = gamma * invStd * (dy - mean(dy) - xhat * mean(dy * xhat)).
    double[] sumDy = new double[c];
    double[] sumDyXhat = new double[c];
    for (int i = 0; i < xs.length; i++) {
      int ch = i % c;
      sumDy[ch] += dys[i];
      sumDyXhat[ch] += dys[i] * ((xs[i] - (double) sms[ch]) * sis[ch]);
    }
    for (int i = 0; i < xs.length; i++) {
      int ch = i % c;
      double xhat = (xs[i] - (double) sms[ch]) * sis[ch];
      double g = dys[i] - sumDy[ch] / count - xhat * sumDyXhat[ch] / count;
      dxs[i] = (float) ((double) gs[ch] * sis[ch] * g);
    }
    for (int ch = 0; ch < c; ch++) {
      dgs[ch] = (float) sumDyXhat[ch];
      dbs[ch] = (float) sumDy[ch];
    }
  }

  /** The channel count (last axis) of {@code x}, after checking that it has one and that epsilon is usable. */
  private static int channels(ReferenceArgs args, Tensor x, float epsilon) {
    if (x.shape().rank() < 1 || x.shape().dim(-1) < 1) {
      throw args.error("x must have a channel axis, got shape " + x.shape());
    }
    if (!(epsilon >= 0) || Float.isInfinite(epsilon)) {
      throw args.error("epsilon must be finite and >= 0, got " + epsilon);
    }
    return x.shape().dim(-1);
  }
}
