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
   * The copy of {@code x}, {@code [n, top + h + bottom, padLeft + w + padRight, cin]}, in the kept buffer (which may
   * be longer).
   */
  float[] copy(CpuComputePool pool, float[] x, ConvGeometry conv, int top, int bottom) {
    Conv2dParams p = conv.params();
    int cin = conv.cin();
    int hp = conv.h() + top + bottom;
    int rowFloats = (conv.w() + p.padLeft() + p.padRight()) * cin;
    int size = Math.multiplyExact(Math.multiplyExact(conv.n(), hp), rowFloats);
    if (buffer.length < size) {
      buffer = new float[size];
    }
    float[] buf = buffer;
    int left = p.padLeft() * cin;
    int body = conv.w() * cin;
    pool.parallelRange(conv.n() * hp, 1, (from, to, participant) -> {
      for (int row = from; row < to; row++) {
        int image = row / hp;
        int iy = row - image * hp - top;
        int out = row * rowFloats;
        if (iy < 0 || iy >= conv.h()) {
          Arrays.fill(buf, out, out + rowFloats, 0f);
          continue;
        }
        Arrays.fill(buf, out, out + left, 0f);
        System.arraycopy(x, (image * conv.h() + iy) * body, buf, out + left, body);
        Arrays.fill(buf, out + left + body, out + rowFloats, 0f);
      }
    });
    return buf;
  }
}
