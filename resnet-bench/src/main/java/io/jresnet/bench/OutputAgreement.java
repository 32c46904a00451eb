package io.jresnet.bench;

/**
 * How closely two frameworks' outputs agree, by the project's accuracy contract: the relative error
 * {@code ||actual - reference|| / ||reference||} (Euclidean norms over all elements) must not exceed 1e-4.
 *
 * @param relativeError {@code ||actual - reference|| / ||reference||}
 * @param maxAbsDifference the largest {@code |actual - reference|} of one element
 */
public record OutputAgreement(double relativeError, double maxAbsDifference) {
  /** The contract's bound on {@link #relativeError()}. */
  public static final double TOLERANCE = 1e-4;

  /** Compares {@code actual} with {@code reference}, which must have the same length. */
  public static OutputAgreement of(float[] actual, float[] reference) {
    if (actual.length != reference.length) {
      throw new IllegalArgumentException(
          "outputs differ in size: " + actual.length + " vs " + reference.length + " floats");
    }
    double diff = 0;
    double norm = 0;
    double maxAbs = 0;
    for (int i = 0; i < actual.length; i++) {
      double d = (double) actual[i] - reference[i];
      diff += d * d;
      norm += (double) reference[i] * reference[i];
      maxAbs = Math.max(maxAbs, Math.abs(d));
    }
    double relative = norm == 0 ? (diff == 0 ? 0 : Double.POSITIVE_INFINITY) : Math.sqrt(diff / norm);
    return new OutputAgreement(relative, maxAbs);
  }

  /** Whether the outputs agree within {@link #TOLERANCE} (NaN never agrees). */
  public boolean agrees() {
    return relativeError <= TOLERANCE;
  }
}
