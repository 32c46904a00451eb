package io.jresnet.models;

/** An interval of allowed numbers, printed in the usual notation, e.g. {@code (0, 1]}. */
public record NumberRange(double min, boolean minInclusive, double max, boolean maxInclusive) {
  public static NumberRange closed(double min, double max) {
    return new NumberRange(min, true, max, true);
  }

  public static NumberRange open(double min, double max) {
    return new NumberRange(min, false, max, false);
  }

  public static NumberRange openClosed(double min, double max) {
    return new NumberRange(min, false, max, true);
  }

  public boolean contains(double v) {
    return (minInclusive ? v >= min : v > min) && (maxInclusive ? v <= max : v < max);
  }

  @Override
  public String toString() {
    return (minInclusive ? "[" : "(") + format(min) + ", " + format(max) + (maxInclusive ? "]" : ")");
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
