package io.jresnet.models.interop.onnx;

import java.util.Objects;

/** One attribute of an ONNX node; this exporter needs ints, lists of ints and floats. */
sealed interface OnnxAttribute {
  String name();

  /** {@code AttributeProto.type} INT. */
  record Int(String name, long value) implements OnnxAttribute {
    public Int {
      Objects.requireNonNull(name, "name");
    }
  }

  /** {@code AttributeProto.type} INTS. */
  record Ints(String name, long[] values) implements OnnxAttribute {
    public Ints {
      Objects.requireNonNull(name, "name");
      values = values.clone();
    }

    @Override
    public long[] values() {
      return values.clone();
    }
  }

  /** {@code AttributeProto.type} FLOAT. */
  record Float32(String name, float value) implements OnnxAttribute {
    public Float32 {
      Objects.requireNonNull(name, "name");
    }
  }

  static OnnxAttribute of(String name, long value) {
    return new Int(name, value);
  }

  static OnnxAttribute of(String name, float value) {
    return new Float32(name, value);
  }

  static OnnxAttribute ints(String name, long... values) {
    return new Ints(name, values);
  }
}
