package io.jresnet.io;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The element types a safetensors header may name (its {@code "dtype"} strings are these constants' names). A file
 * may hold any of them, so that for instance a PyTorch state_dict with {@code int64} {@code num_batches_tracked}
 * buffers opens; only the floating-point ones in {@link #readableAsFloat()} can be read, converted to float32.
 */
public enum SafetensorsDtype {
  BOOL(1, null),
  U8(1, null),
  I8(1, null),
  F8_E5M2(1, null),
  F8_E4M3(1, null),
  F8_E8M0(1, null),
  I16(2, null),
  U16(2, null),
  F16(2, ElementType.F16),
  BF16(2, ElementType.BF16),
  I32(4, null),
  U32(4, null),
  F32(4, ElementType.F32),
  I64(8, null),
  U64(8, null),
  F64(8, ElementType.F64),
  C64(8, null);

  private final int byteSize;
  private final ElementType elementType;

  SafetensorsDtype(int byteSize, ElementType elementType) {
    this.byteSize = byteSize;
    this.elementType = elementType;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** Whether {@link SafetensorsFile#read} converts this type to float32: F32, F16, BF16 and F64. */
  public boolean readableAsFloat() {
    return elementType != null;
  }

  /** The type named {@code name} in a header, exactly as spelled there; null if safetensors has no such type. */
  public static SafetensorsDtype forName(String name) {
    for (SafetensorsDtype dtype : values()) {
      if (dtype.name().equals(name)) {
        return dtype;
      }
    }
    return null;
  }

  /** {@code "F16, BF16, F32, F64"}: the readable types, for error messages. */
  static String readableNames() {
    return Arrays.stream(values()).filter(SafetensorsDtype::readableAsFloat).map(Enum::name)
        .collect(Collectors.joining(", "));
  }

  /** The decoder of a readable type; null for the others. */
  ElementType elementType() {
    return elementType;
  }
}
