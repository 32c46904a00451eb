package io.jresnet.cpu;

/**
 * Buffers kept per pool participant (or per slot) across calls and grown on demand: a kernel's scratch that no two
 * threads share, so that calls after the first allocate nothing.
 */
final class ThreadBuffers {
  private ThreadBuffers() {}

  /**
   * {@code buffers[index]}, first replaced by a new array when it is missing or holds fewer than {@code size}
   * floats.
   */
  static float[] atLeast(float[][] buffers, int index, int size) {
    float[] buffer = buffers[index];
    if (buffer == null || buffer.length < size) {
      buffer = new float[size];
      buffers[index] = buffer;
    }
    return buffer;
  }
}
