package io.jresnet.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --threads}: a whole number of at least 1. */
final class ThreadCountConverter implements ITypeConverter<Integer> {
  @Override
  public Integer convert(String value) {
    int threads;
    try {
      threads = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is not a whole number of threads");
    }
    if (threads < 1) {
      throw new TypeConversionException("needs at least 1 thread, got " + threads);
    }
    return threads;
  }
}
