package io.jresnet.train;

/**
 * Range checks shared by the optimizer and schedule records; messages quote the value received as it was written
 * (float overloads keep {@code 0.1f} from printing as {@code 0.10000000149011612}).
 */
final class HyperParameters {
  private HyperParameters() {}

  /** {@code value} in {@code [0, 1)}. */
  static void requireFraction(String what, float value) {
    require(value >= 0 && value < 1, what, "be in [0, 1)", Float.toString(value));
  }

  static void requireNonNegative(String what, float value) {
    require(value >= 0 && Float.isFinite(value), what, "be finite and >= 0", Float.toString(value));
  }

  static void requirePositive(String what, float value) {
    require(value > 0 && Float.isFinite(value), what, "be finite and > 0", Float.toString(value));
  }

  static void requireNonNegative(String what, double value) {
    require(value >= 0 && Double.isFinite(value), what, "be finite and >= 0", Double.toString(value));
  }

  static void requirePositive(String what, double value) {
    require(value > 0 && Double.isFinite(value), what, "be finite and > 0", Double.toString(value));
  }

  static void requirePositive(String what, long value) {
    require(value > 0, what, "be > 0", Long.toString(value));
  }

  /** Rejects a negative schedule step, naming the schedule. */
  static void requireStep(String schedule, long step) {
    if (step < 0) {
      throw new IllegalArgumentException(schedule + ": the step must be >= 0, got " + step);
    }
  }

  private static void require(boolean ok, String what, String rule, String value) {
    if (!ok) {
      throw new IllegalArgumentException(what + " must " + rule + ", got " + value);
    }
  }
}
