package io.jresnet.train;

/** Range checks shared by the optimizer and schedule records; messages quote the value received. */
final class HyperParameters {
  private HyperParameters() {}

  /** {@code value} in {@code [0, 1)}. */
  static void requireFraction(String what, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(what + " must be in [0, 1), got " + value);
    }
  }

  static void requireNonNegative(String what, double value) {
    if (!(value >= 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(what + " must be finite and >= 0, got " + value);
    }
  }

  static void requirePositive(String what, double value) {
    if (!(value > 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(what + " must be finite and > 0, got " + value);
    }
  }

  static void requirePositive(String what, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be > 0, got " + value);
    }
  }
}
