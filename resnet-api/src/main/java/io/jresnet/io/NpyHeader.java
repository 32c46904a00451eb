package io.jresnet.io;

import io.jresnet.tensor.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The dict at the start of an {@code .npy} file, e.g. {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2,
 * 3), }}, reduced to what a C-order float reader needs.
 *
 * @param type the element encoding named by {@code descr}
 * @param shape the dimensions, each within int range, with fewer than 2^31 elements in all
 */
record NpyHeader(ElementType type, Shape shape) {
  private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");
  private static final Map<String, ElementType> TYPES =
      Map.of("<f4", ElementType.F32, "<f8", ElementType.F64, "|u1", ElementType.U8, "<i4", ElementType.I32, "<i8",
          ElementType.I64);
  private static final String SUPPORTED = "'<f4' (float32), '<f8' (float64, rounded to float32), '|u1' (uint8),"
      + " '<i4' (int32), '<i8' (int64; integers as float32, exact up to 2^24)";

  /**
   * Parses and checks header {@code text} of {@code file}.
   *
   * @throws TensorFileException naming the file and what is wrong
   */
  static NpyHeader parse(Path file, String text) {
    Object literal;
    try {
      literal = PyLiteralParser.parse(text);
    } catch (PyLiteralParser.SyntaxError e) {
      throw new TensorFileException(file, "the header is not a Python dict literal: " + e.getMessage());
    }
    if (!(literal instanceof Map<?, ?> dict)) {
      throw new TensorFileException(file, "the header must be a dict, found " + quote(literal));
    }
    for (Object key : dict.keySet()) {
      if (!KEYS.contains(key)) {
        throw new TensorFileException(file, "the header has key " + quote(key) + "; an .npy header holds exactly"
            + " 'descr', 'fortran_order' and 'shape'");
      }
    }
    for (String key : KEYS) {
      if (!dict.containsKey(key)) {
        throw new TensorFileException(file, "the header lacks '" + key + "'");
      }
    }
    ElementType type = type(file, dict.get("descr"));
    if (!(dict.get("fortran_order") instanceof Boolean fortranOrder)) {
      throw new TensorFileException(
          file, "'fortran_order' must be True or False, found " + quote(dict.get("fortran_order")));
    }
    if (fortranOrder) {
      throw new TensorFileException(file, "the array is stored in Fortran (column-major) order, which is not"
          + " supported; save numpy.ascontiguousarray(a) instead");
    }
    return new NpyHeader(type, shape(file, dict.get("shape")));
  }

  private static ElementType type(Path file, Object descr) {
    if (!(descr instanceof String name)) {
      throw new TensorFileException(file, "'descr' " + quote(descr) + " is not a plain dtype"
          + " (structured arrays are not supported); supported: " + SUPPORTED);
    }
    ElementType type = TYPES.get(name);
    if (type != null) {
      return type;
    }
    if (name.startsWith(">")) {
      throw new TensorFileException(file, "dtype " + quote(name) + " is big-endian, which is not supported; save"
          + " a.astype('<" + name.substring(1) + "') instead");
    }
    throw new TensorFileException(file, "dtype " + quote(name) + " is not supported; supported: " + SUPPORTED);
  }

  private static Shape shape(Path file, Object shape) {
    if (!(shape instanceof PyLiteralParser.Tuple(List<Object> items))) {
      throw new TensorFileException(file, "'shape' must be a tuple of integers, found " + quote(shape));
    }
    String shown = quote(shape);
    int[] dims = new int[items.size()];
    long count = 1;
    for (int i = 0; i < dims.length; i++) {
      if (!(items.get(i) instanceof Long dim) || dim < 0 || dim > Integer.MAX_VALUE) {
        throw new TensorFileException(file, "'shape' " + shown + " must hold integers from 0 to 2^31-1");
      }
      dims[i] = dim.intValue();
      // Both factors stay below 2^31, so the long product cannot overflow before this check fires.
      count *= dim;
      if (count > Integer.MAX_VALUE) {
        throw new TensorFileException(file, "'shape' " + shown + " has more than 2^31-1 elements, more than a Java"
            + " array holds");
      }
    }
    return Shape.of(dims);
  }

  /** A value as Python would print it, cut short: a lying header must not blow up the message. */
  private static String quote(Object value) {
    return IoErrors.abbreviate(PyLiteralParser.repr(value));
  }

  /** The header dict numpy writes for a little-endian float32 C-order array of {@code shape}, without padding. */
  static String format(Shape shape) {
    StringJoiner dims = new StringJoiner(", ", "(", shape.rank() == 1 ? ",)" : ")");
    for (int dim : shape.toArray()) {
      dims.add(Integer.toString(dim));
    }
    return "{'descr': '<f4', 'fortran_order': False, 'shape': " + dims + ", }";
  }
}
