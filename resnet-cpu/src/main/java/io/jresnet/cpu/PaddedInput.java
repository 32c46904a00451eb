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
   * The task that copies {@code x} into the kept buffer as {@code [n, top + h + bottom, padLeft + w + padRight, cin]},
   * one padded row per index; {@link #fill} runs it. Made once per call site: it reads the buffer when it runs.
   */
  CpuComputePool.RangeTask filler(float[] x, ConvGeometry conv, int top, int bottom) {
    Conv2dParams p = conv.params();
    int hp = conv.h() + top + bottom;
    int rowFloats = (conv.w() + p.padLeft() + p.padRight()) * conv.cin();
    return (from, to, participant) -> {
      float[] buf = buffer;
      for (int row = from; row < to; row++) {
        int image = row / hp;
        fillRow(x, conv, image, row - image * hp - top + p.padTop(), buf, row * rowFloats);
      }
    };
  }

  /** Grows the kept buffer to the copy's size and runs {@code filler}, made by {@link #filler} for these sizes. */
  void fill(CpuComputePool pool, ConvGeometry conv, int top, int bottom, CpuComputePool.RangeTask filler) {
    Conv2dParams p = conv.params();
    int hp = conv.h() + top + bottom;
    int rowFloats = (conv.w() + p.padLeft() + p.padRight()) * conv.cin();
    int size = Math.multiplyExact(Math.multiplyExact(conv.n(), hp), rowFloats);
    if (buffer.length < size) {
      buffer = new float[size];
    }
    pool.parallelRange(conv.n() * hp, 1, filler);
  }

  /** The kept buffer, holding the last {@link #fill}'s copy. */
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
