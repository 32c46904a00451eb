package io.jresnet.bench;

/** The SIMD widths whose float32 FMA peak {@link FmaPeak} measures. */
public enum VectorWidth {
  BITS_512(512),
  BITS_256(256);

  private final int bits;

  VectorWidth(int bits) {
    this.bits = bits;
  }

  public int bits() {
    return bits;
  }

  /** Floats per vector. */
  public int lanes() {
    return bits / Float.SIZE;
  }

  @Override
  public String toString() {
    return bits + "-bit";
  }
}
