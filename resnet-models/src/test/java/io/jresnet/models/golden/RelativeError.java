package io.jresnet.models.golden;

/** The accuracy metric of the golden tests: {@code ‖out − ref‖ / ‖ref‖} in float64. */
final class RelativeError {
  private RelativeError() {}

  static double of(float[] out, float[] ref) {
    if (out.length != ref.length) {
      throw new IllegalArgumentException("output has " + out.length + " values, reference " + ref.length);
    }
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < ref.length; i++) {
      double d = (double) out[i] - ref[i];
      diff += d * d;
      norm += (double) ref[i] * ref[i];
    }
    if (norm == 0) {
      throw new IllegalArgumentException("the reference is all zeros; a relative error is undefined");
    }
    return Math.sqrt(diff / norm);
  }
}
