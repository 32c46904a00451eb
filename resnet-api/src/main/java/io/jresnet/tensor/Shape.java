package io.jresnet.tensor;

import java.util.Arrays;

/**
 * Immutable tensor dimensions. Activations are NHWC ({@code [batch, height, width, channels]}), conv weights HWIO
 * ({@code [kh, kw, cin/groups, cout]}), dense weights {@code [in, out]}.
 */
public final class Shape {
  private final int[] dims;

  private Shape(int[] dims) {
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0) {
        throw new IllegalArgumentException("dimension " + i + " is negative in " + Arrays.toString(dims));
      }
    }
    this.dims = dims;
  }

  public static Shape of(int... dims) {
    return new Shape(dims.clone());
  }

  /** An NHWC activation shape. */
  public static Shape nhwc(int n, int h, int w, int c) {
    return new Shape(new int[] {n, h, w, c});
  }

  public int rank() {
    return dims.length;
  }

  /** Dimension {@code i}; negative indices count from the end ({@code -1} is the last). */
  public int dim(int i) {
    return dims[i < 0 ? dims.length + i : i];
  }

  public int[] toArray() {
    return dims.clone();
  }

  /** Number of elements, checked against int overflow (tensors are float[]-addressable). */
  public int size() {
    long n = elementCount();
    if (n > Integer.MAX_VALUE) {
      throw new ArithmeticException("tensor " + this + " has " + n + " elements, more than 2^31-1");
    }
    return (int) n;
  }

  /** Number of elements as a long, without overflow checks against int. */
  public long elementCount() {
    long n = 1;
    for (int d : dims) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** The same dimensions with the first (batch) one replaced. */
  public Shape withBatch(int n) {
    int[] d = dims.clone();
    d[0] = n;
    return new Shape(d);
  }

  /** This shape with {@code n} prepended as the batch dimension. */
  public Shape prependBatch(int n) {
    int[] d = new int[dims.length + 1];
    d[0] = n;
    System.arraycopy(dims, 0, d, 1, dims.length);
    return new Shape(d);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && Arrays.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  /** {@code [2, 64, 64, 3]}. */
  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}
