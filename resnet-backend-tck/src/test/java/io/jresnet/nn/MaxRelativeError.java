package io.jresnet.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The error measure for fused against unfused results: {@code max|actual − expected| / max|expected|} in double, so
 * outputs near zero are judged on the scale of the whole output rather than on their own.
 */
final class MaxRelativeError {
  private MaxRelativeError() {}

  static double of(float[] actual, float[] expected) {
    if (actual.length != expected.length) {
      throw new IllegalArgumentException("got " + actual.length + " values, expected " + expected.length);
    }
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < expected.length; i++) {
      diff = Math.max(diff, Math.abs((double) actual[i] - expected[i]));
      scale = Math.max(scale, Math.abs((double) expected[i]));
    }
    if (scale == 0) {
      throw new IllegalArgumentException("the expected values are all zero; a relative error is undefined");
    }
    return diff / scale;
  }

  static void assertWithin(double bound, float[] expected, float[] actual, String what) {
    double error = of(actual, expected);
    assertTrue(error <= bound, what + ": max relative error " + error + " > " + bound);
  }
}
