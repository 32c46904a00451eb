package io.jresnet.graph;

import java.util.Arrays;
import java.util.List;

/**
 * The value types of node attributes, each with its constraint. Pairs and quads accept a single integer as a
 * shorthand for all positions ({@code "stride": 2} means {@code [2, 2]}; {@code "padding": 1} means
 * {@code [1, 1, 1, 1]}).
 */
public enum AttributeType {
  /** An integer >= 1. */
  POSITIVE_INT("a positive integer"),
  /** An integer >= 1, or {@code [h, w]} of them. */
  POSITIVE_INT_PAIR("a positive integer or a list of 2 positive integers [h, w]"),
  /** An integer >= 0, or {@code [top, bottom, left, right]} of them. */
  NON_NEGATIVE_INT_QUAD("a non-negative integer or a list of 4 non-negative integers [top, bottom, left, right]"),
  /** A number > 0. */
  POSITIVE_NUMBER("a number > 0"),
  /** A number in {@code [0, 1]}. */
  FRACTION("a number between 0 and 1"),
  /** {@code true} or {@code false}. */
  BOOLEAN("true or false");

  private final String description;

  AttributeType(String description) {
    this.description = description;
  }

  /** What a valid value looks like, for error messages. */
  public String description() {
    return description;
  }

  /** Whether {@code value} (as held in {@link Node#attributes()}) is valid for this type. */
  public boolean accepts(Object value) {
    return switch (this) {
      case POSITIVE_INT -> isIntAtLeast(value, 1);
      case POSITIVE_INT_PAIR -> isIntAtLeast(value, 1) || isIntList(value, 2, 1);
      case NON_NEGATIVE_INT_QUAD -> isIntAtLeast(value, 0) || isIntList(value, 4, 0);
      case POSITIVE_NUMBER -> value instanceof Number n && isFinite(n) && n.doubleValue() > 0;
      case FRACTION -> value instanceof Number n && isFinite(n) && n.doubleValue() >= 0 && n.doubleValue() <= 1;
      case BOOLEAN -> value instanceof Boolean;
    };
  }

  /**
   * The integers of an accepted pair or quad attribute, expanded from the single-integer shorthand; for
   * {@link #POSITIVE_INT} a one-element array.
   */
  public int[] ints(Object value) {
    int length =
        switch (this) {
          case POSITIVE_INT -> 1;
          case POSITIVE_INT_PAIR -> 2;
          case NON_NEGATIVE_INT_QUAD -> 4;
          default -> throw new IllegalStateException(this + " is not an integer type");
        };
    int[] out = new int[length];
    if (value instanceof List<?> list) {
      for (int i = 0; i < length; i++) {
        out[i] = ((Number) list.get(i)).intValue();
      }
    } else {
      Arrays.fill(out, ((Number) value).intValue());
    }
    return out;
  }

  private static boolean isFinite(Number n) {
    return Double.isFinite(n.doubleValue());
  }

  private static boolean isIntAtLeast(Object value, int min) {
    return (value instanceof Integer || value instanceof Long)
        && ((Number) value).longValue() >= min
        && ((Number) value).longValue() <= Integer.MAX_VALUE;
  }

  private static boolean isIntList(Object value, int length, int min) {
    if (!(value instanceof List<?> list) || list.size() != length) {
      return false;
    }
    for (Object o : list) {
      if (!isIntAtLeast(o, min)) {
        return false;
      }
    }
    return true;
  }
}
