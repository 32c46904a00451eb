package io.jresnet.cpu;

import io.jresnet.backend.Conv2dParams;
import java.util.Arrays;

/**
 * A conv's NHWC input copied with zero borders, so that a window never reads past a row: the conv's left and right
 * padding around every row, and {@code top} and {@code bottom} zero rows around every image. The buffer is kept and
 * grown across calls; its user serialises the calls.
 */
final class PaddedInput {
  private float[] buffer = new float[0];

  /**
   * The copy of {@code x} into the kept buffer as {@code [n, top + h + bottom, padLeft + w + padRight, cin]} (which
   * may be longer), ready to run as often as {@code x} stays the same: each run grows the buffer if it must and fills
   * it, one padded row per task index; {@link #buffer} then holds the copy.
   */
  Runnable copier(CpuComputePool pool, float[] x, ConvGeometry conv, int top, int bottom) {
    Conv2dParams p = conv.params();
    int hp = conv.h() + top + bottom;
    int rowFloats = (conv.w() + p.padLeft() + p.padRight()) * conv.cin();
    int rows = Math.multiplyExact(conv.n(), hp);
    int size = Math.multiplyExact(rows, rowFloats);
    CpuComputePool.RangeTask fill = (from, to, participant) -> {
      float[] buf = buffer;
      for (int row = from; row < to; row++) {
        int image = row / hp;
        fillRow(x, conv, image, row - image * hp - top + p.padTop(), buf, row * rowFloats);
      }
    };
    return () -> {
      if (buffer.length < size) {
        buffer = new float[size];
      }
      pool.parallelRange(rows, 1, fill);
    };
  }

  /** The kept buffer, holding the last {@link #copier}'s copy. */
  float[] buffer() {
    return buffer;
  }

  /**
   * Row {@code r} of image {@code image} of the input padded by the conv's own borders (row {@code padTop} is the
   * image's first; rows above and below the image are zeros), {@code (padLeft + w + padRight) * cin} floats written
   * at {@code dst[at]}.
   */
  static void fillRow(float[] x, ConvGeometry conv, int image, int r, float[] dst, int at) {
    Conv2dParams p = conv.params();
    int cin = conv.cin();
    int left = p.padLeft() * cin;
    int body = conv.w() * cin;
    int rowFloats = left + body + p.padRight() * cin;
    int iy = r - p.padTop();
    if (iy < 0 || iy >= conv.h()) {
      Arrays.fill(dst, at, at + rowFloats, 0f);
      return;
    }
    Arrays.fill(dst, at, at + left, 0f);
    System.arraycopy(x, (image * conv.h() + iy) * body, dst, at + left, body);
    Arrays.fill(dst, at + left + body, at + rowFloats, 0f);
  }
}
