package io.jresnet.models.golden;

/**
 * The half-open interval {@code [lo, hi)} that the counter formula maps a parameter's uniforms into.
 *
 * @param lo the lowest value (included)
 * @param hi the upper bound (excluded)
 */
public record CounterRange(double lo, double hi) {
  public CounterRange {
    if (!(lo < hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
      throw new IllegalArgumentException("counter range [" + lo + ", " + hi + ") is empty or not finite");
    }
  }

  /** {@code float32(lo + (hi - lo) * u)}, the product and sum in float64 as the formula prescribes. */
  public float map(double u) {
    return (float) (lo + (hi - lo) * u);
  }
}
