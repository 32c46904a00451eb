package io.jresnet.models.interop.onnx;

import java.util.List;
import java.util.Objects;

/**
 * A float32 graph input or output and its shape. Each dimension is either a size ({@code "64"}) or the name of a
 * symbolic dimension ({@code "N"}), which binds at run time.
 */
record OnnxValueInfo(String name, List<String> dims) {
  OnnxValueInfo {
    Objects.requireNonNull(name, "name");
    dims = List.copyOf(dims);
    for (String dim : dims) {
      if (dim.isEmpty()) {
        throw new IllegalArgumentException("value '" + name + "' has an empty dimension");
      }
    }
  }

  /** Whether {@code dim} is a fixed size rather than a symbol. */
  static boolean isFixed(String dim) {
    return dim.chars().allMatch(Character::isDigit);
  }
}
