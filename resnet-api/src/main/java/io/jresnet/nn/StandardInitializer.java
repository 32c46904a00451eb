package io.jresnet.nn;

import io.jresnet.tensor.Shape;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/** The built-in schemes behind {@link Initializer#heNormal()} and {@link Initializer#glorotUniform()}. */
enum StandardInitializer implements Initializer {
  HE_NORMAL("he_normal") {
    @Override
    void weights(ParameterSpec spec, float[] values, RandomGenerator random) {
      Shape s = spec.shape();
      if (spec.role() == ParameterSpec.Role.CONV_WEIGHT) {
        double std = Math.sqrt(2.0 / ((long) s.dim(0) * s.dim(1) * s.dim(3)));
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) (random.nextGaussian() * std);
        }
      } else {
        uniform(values, 1.0 / Math.sqrt(s.dim(0)), random);
      }
    }
  },
  GLOROT_UNIFORM("glorot_uniform") {
    @Override
    void weights(ParameterSpec spec, float[] values, RandomGenerator random) {
      Shape s = spec.shape();
      long fanIn;
      long fanOut;
      if (spec.role() == ParameterSpec.Role.CONV_WEIGHT) {
        long receptive = (long) s.dim(0) * s.dim(1);
        fanIn = receptive * s.dim(2);
        fanOut = receptive * s.dim(3);
      } else {
        fanIn = s.dim(0);
        fanOut = s.dim(1);
      }
      uniform(values, Math.sqrt(6.0 / (fanIn + fanOut)), random);
    }
  };

  private final String schemeName;

  StandardInitializer(String schemeName) {
    this.schemeName = schemeName;
  }

  /** Fills a conv ({@code [kh, kw, in, out]}) or dense ({@code [in, out]}) weight. */
  abstract void weights(ParameterSpec spec, float[] values, RandomGenerator random);

  @Override
  public String schemeName() {
    return schemeName;
  }

  @Override
  public String toString() {
    return schemeName;
  }

  @Override
  public void initialize(ParameterSpec spec, float[] values, RandomGenerator random) {
    if (values.length != spec.shape().size()) {
      throw new IllegalArgumentException(
          spec.name() + " needs " + spec.shape().size() + " values for " + spec.shape() + ", got " + values.length);
    }
    switch (spec.role()) {
      case CONV_WEIGHT, DENSE_WEIGHT -> weights(spec, values, random);
      case BIAS, BN_BETA, BN_RUNNING_MEAN -> Arrays.fill(values, 0f);
      case BN_GAMMA, BN_RUNNING_VAR -> Arrays.fill(values, 1f);
    }
  }

  private static void uniform(float[] values, double bound, RandomGenerator random) {
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) ((2 * random.nextDouble() - 1) * bound);
    }
  }
}
