package io.jresnet.nn;

import io.jresnet.tensor.Shape;

/**
 * Folds an inference batch-norm into the convolution before it. With {@code s = γ / √(var + ε)} per output channel,
 * {@code bn(conv(x, w) + b) = conv(x, w·s) + (b − mean)·s + β}: the weight's output channels are scaled and the
 * batch-norm becomes a bias. Everything is computed in double and rounded to float once, so the folded conv differs
 * from conv-then-BN only by float rounding of the folded terms.
 */
final class BatchNormFolding {
  private BatchNormFolding() {}

  /**
   * The folded weight and bias.
   *
   * @param weight HWIO {@code [kh, kw, Cin/groups, Cout]}, row-major, output channel fastest: the array passed in,
   *     scaled in place
   * @param bias {@code [Cout]}
   */
  record Folded(float[] weight, float[] bias) {}

  /**
   * Folds one batch-norm into one conv's weight (and bias).
   *
   * @param weight a host copy of the conv weight, HWIO {@code [kh, kw, Cin/groups, Cout]}, row-major; overwritten
   *     with the folded weight (a model's weights are large: no second copy)
   * @param weightShape its shape; the last dimension is the channel count of every batch-norm vector
   * @param convBias the conv's own bias {@code [Cout]}, or null when it has none
   * @param gamma batch-norm scale {@code [Cout]}
   * @param beta batch-norm shift {@code [Cout]}
   * @param mean running mean {@code [Cout]}
   * @param variance running variance {@code [Cout]}
   * @param epsilon added to the variance
   */
  static Folded fold(
      float[] weight,
      Shape weightShape,
      float[] convBias,
      float[] gamma,
      float[] beta,
      float[] mean,
      float[] variance,
      double epsilon) {
    int channels = weightShape.dim(weightShape.rank() - 1);
    if (weight.length != weightShape.size()) {
      throw new IllegalArgumentException(
          "conv weight " + weightShape + " needs " + weightShape.size() + " floats, got " + weight.length);
    }
    requireChannels("batch-norm weight", gamma, channels);
    requireChannels("batch-norm bias", beta, channels);
    requireChannels("batch-norm running_mean", mean, channels);
    requireChannels("batch-norm running_var", variance, channels);
    if (convBias != null) {
      requireChannels("conv bias", convBias, channels);
    }
    double[] scale = new double[channels];
    float[] bias = new float[channels];
    for (int c = 0; c < channels; c++) {
      scale[c] = gamma[c] / Math.sqrt((double) variance[c] + epsilon);
      double convShift = convBias == null ? 0 : convBias[c];
      bias[c] = (float) ((convShift - mean[c]) * scale[c] + beta[c]);
    }
    for (int i = 0; i < weight.length; i++) {
      // HWIO: the output channel is the fastest axis.
      weight[i] = (float) (weight[i] * scale[i % channels]);
    }
    return new Folded(weight, bias);
  }

  private static void requireChannels(String what, float[] values, int channels) {
    if (values.length != channels) {
      throw new IllegalArgumentException(
          what + " has " + values.length + " values, but the conv has " + channels + " output channels");
    }
  }
}
