package io.jresnet.io;

import io.jresnet.tensor.Shape;
import java.util.Arrays;
import java.util.Objects;

/**
 * Float32 data on the Java heap, row-major (C order) over {@code shape}: the unit that tensor files are read into and
 * written from. The array is held, not copied, so that 100 MB of weights are not duplicated; callers that keep
 * modifying it after handing it over must copy it themselves.
 *
 * @param shape the dimensions; a rank-0 shape holds one element, a shape with a zero dimension none
 * @param data exactly {@code shape.size()} values
 */
public record HostTensor(Shape shape, float[] data) {
  public HostTensor {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(data, "data");
    long expected = shape.elementCount();
    if (data.length != expected) {
      throw new IllegalArgumentException(
          "shape " + shape + " holds " + expected + " elements but the data has " + data.length);
    }
  }

  /** Same shape and bit-identical values ({@link Float#equals} semantics: NaN equals NaN, 0.0 differs from -0.0). */
  @Override
  public boolean equals(Object o) {
    return o instanceof HostTensor t && shape.equals(t.shape) && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * shape.hashCode() + Arrays.hashCode(data);
  }

  /** The shape only: printing megabytes of weights by accident helps nobody. */
  @Override
  public String toString() {
    return "HostTensor" + shape;
  }
}
