package io.jresnet.io;

import io.jresnet.tensor.Shape;
import java.util.Objects;

/**
 * One tensor listed in a safetensors header: name, element type, shape, and where its bytes lie in the data section
 * (offsets count from the first byte after the header; {@code dataEnd} is exclusive).
 */
public record TensorInfo(String name, SafetensorsDtype dtype, Shape shape, long dataBegin, long dataEnd) {
  public TensorInfo {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(shape, "shape");
    if (dataBegin < 0 || dataEnd < dataBegin) {
      throw new IllegalArgumentException(
          "tensor '" + name + "': bad data offsets [" + dataBegin + ", " + dataEnd + "]");
    }
    long expected = Math.multiplyExact(shape.elementCount(), dtype.byteSize());
    if (dataEnd - dataBegin != expected) {
      throw new IllegalArgumentException("tensor '" + name + "': shape " + shape + " of " + dtype + " needs "
          + expected + " bytes, not " + (dataEnd - dataBegin));
    }
  }

  /** Bytes the tensor occupies in the file. */
  public long byteLength() {
    return dataEnd - dataBegin;
  }
}
