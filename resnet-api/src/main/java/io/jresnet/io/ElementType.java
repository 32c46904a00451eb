package io.jresnet.io;

import java.nio.ByteBuffer;

/**
 * The on-disk element encodings that tensor files are converted from into float32. All are little-endian; narrower
 * and wider floats are widened or rounded to the nearest float32, unsigned bytes become 0..255, integers become the
 * nearest float32 (exact up to 2^24 in magnitude, which covers class labels).
 */
enum ElementType {
  F32(4),
  F64(8),
  F16(2),
  BF16(2),
  U8(1),
  I32(4),
  I64(8);

  private final int byteSize;

  ElementType(int byteSize) {
    this.byteSize = byteSize;
  }

  int byteSize() {
    return byteSize;
  }

  /**
   * Decodes {@code count} elements from {@code src}, a little-endian buffer positioned at the first of them, into
   * {@code dst[offset ...]}, and advances {@code src} past them.
   */
  void decode(ByteBuffer src, float[] dst, int offset, int count) {
    int end = offset + count;
    switch (this) {
      case F32 -> {
        src.asFloatBuffer().get(dst, offset, count);
        src.position(src.position() + count * Float.BYTES);
      }
      case F64 -> {
        for (int i = offset; i < end; i++) {
          dst[i] = (float) src.getDouble();
        }
      }
      case F16 -> {
        for (int i = offset; i < end; i++) {
          dst[i] = Float.float16ToFloat(src.getShort());
        }
      }
      // bfloat16 is the upper half of a float32's bits.
      case BF16 -> {
        for (int i = offset; i < end; i++) {
          dst[i] = Float.intBitsToFloat((src.getShort() & 0xFFFF) << 16);
        }
      }
      case U8 -> {
        for (int i = offset; i < end; i++) {
          dst[i] = src.get() & 0xFF;
        }
      }
      case I32 -> {
        for (int i = offset; i < end; i++) {
          dst[i] = src.getInt();
        }
      }
      case I64 -> {
        for (int i = offset; i < end; i++) {
          dst[i] = src.getLong();
        }
      }
    }
  }
}
