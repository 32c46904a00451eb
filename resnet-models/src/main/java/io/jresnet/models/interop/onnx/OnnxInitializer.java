package io.jresnet.models.interop.onnx;

import java.util.Arrays;
import java.util.Objects;

/**
 * A constant tensor of the ONNX graph (an initializer): float32 weights or int64 operands such as {@code Pad}'s
 * pads, row-major over {@code dims}. Exactly one of {@code floats} and {@code int64s} is non-null.
 */
record OnnxInitializer(String name, long[] dims, float[] floats, long[] int64s) {
  /** {@code TensorProto.DataType.FLOAT}. */
  static final int FLOAT = 1;

  /** {@code TensorProto.DataType.INT64}. */
  static final int INT64 = 7;

  OnnxInitializer {
    Objects.requireNonNull(name, "name");
    dims = dims.clone();
    if ((floats == null) == (int64s == null)) {
      throw new IllegalArgumentException("tensor '" + name + "' needs exactly one of float and int64 data");
    }
    long count = Arrays.stream(dims).reduce(1, Math::multiplyExact);
    long length = floats != null ? floats.length : int64s.length;
    if (count != length) {
      throw new IllegalArgumentException(
          "tensor '" + name + "' of shape " + Arrays.toString(dims) + " needs " + count + " values, got " + length);
    }
  }

  static OnnxInitializer ofFloats(String name, long[] dims, float[] values) {
    return new OnnxInitializer(name, dims, values, null);
  }

  static OnnxInitializer ofInt64s(String name, long... values) {
    return new OnnxInitializer(name, new long[] {values.length}, null, values.clone());
  }

  /** {@link #FLOAT} or {@link #INT64}. */
  int dataType() {
    return floats != null ? FLOAT : INT64;
  }

  @Override
  public long[] dims() {
    return dims.clone();
  }
}
