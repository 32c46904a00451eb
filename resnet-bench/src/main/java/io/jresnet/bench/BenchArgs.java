package io.jresnet.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name value} options of the benchmark main classes, checked against the names each accepts, with
 * defaults. Errors name the option at fault and the accepted ones.
 */
public final class BenchArgs {
  private final Map<String, String> values;

  private BenchArgs(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Parses {@code args} as {@code --name value} pairs over {@code defaults} (every accepted name, with its default
   * value, without the dashes).
   *
   * @throws IllegalArgumentException for an unknown option or one without a value
   */
  public static BenchArgs parse(String[] args, Map<String, String> defaults) {
    Map<String, String> values = new LinkedHashMap<>(defaults);
    Set<String> known = defaults.keySet();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg.startsWith("--") ? arg.substring(2) : null;
      if (name == null || !known.contains(name)) {
        throw new IllegalArgumentException(
            "unknown option '" + arg + "'; accepted: " + known.stream().map(k -> "--" + k).toList());
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option '" + arg + "' needs a value");
      }
      values.put(name, args[++i]);
    }
    return new BenchArgs(values);
  }

  public String string(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("option '--" + name + "' was not declared");
    }
    return value;
  }

  /** An integer option of at least {@code min}. */
  public int integer(String name, int min) {
    return checked(name, string(name), min);
  }

  /** A comma-separated list of integers, each at least {@code min}, e.g. {@code --batches 1,8}. */
  public List<Integer> integers(String name, int min) {
    String value = string(name);
    if (value.isBlank()) {
      throw new IllegalArgumentException("option '--" + name + "' needs at least one number");
    }
    return Arrays.stream(value.split(",")).map(v -> checked(name, v.strip(), min)).toList();
  }

  private static int checked(String name, String value, int min) {
    int n;
    try {
      n = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("option '--" + name + "' needs an integer, got '" + value + "'");
    }
    if (n < min) {
      throw new IllegalArgumentException("option '--" + name + "' must be at least " + min + ", got " + n);
    }
    return n;
  }
}
