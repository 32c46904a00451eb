package io.jresnet.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Whole-number options with a lower bound, so that a bad count is a usage error naming the option. */
final class IntConverters {
  private IntConverters() {}

  /** Counts that must be at least 1: threads, batch size, iterations, top-K. */
  static final class Positive implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return atLeast(1, value);
    }
  }

  /** Counts that may be 0: warm-up iterations. */
  static final class NonNegative implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return atLeast(0, value);
    }
  }

  static int atLeast(int minimum, String value) {
    int parsed;
    try {
      parsed = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a whole number");
    }
    if (parsed < minimum) {
      throw new TypeConversionException("must be at least " + minimum + ", got " + parsed);
    }
    return parsed;
  }
}
