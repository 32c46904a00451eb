package io.jresnet.cpu;

import java.util.Arrays;

/**
 * A dense layer on a batch of a few rows (a served model's head: {@code [1, 2048] · [2048, 1000]}), where the work is
 * streaming the weights once. The GEMM splits such a product by output columns, so every task reads a 128-byte
 * strip of each of the {@code in} weight rows: one strip per 4 KB row of ResNet-50's head, a new page for every read,
 * which the hardware prefetchers do not follow. Here each task takes a contiguous block of weight rows instead, reads
 * it front to back, and adds {@code x[i, k] · weight[k, :]} into partial sums of its own, which the caller then adds
 * up in task order, so results do not depend on the thread count. ResNet-50's head on 2 threads, weights cycling
 * through 24 copies so that each call reads them from memory as a forward does, alternating per call (medians):
 * 0.83 against 0.97 ms at batch 1, 1.39 against 1.87 ms at batch 8.
 */
final class SmallBatchDense {
  /** Most batch rows: the partial sums of a row ({@code out} floats) stay in L1 while a weight row passes over them. */
  static final int MAX_ROWS = 8;
  /**
   * Fewest batch rows for which each pass over a row's partial sums adds four weight rows at once ({@link
   * VectorLoops#addScaledRowsInto}, the same roundings): with 8 rows the partial sums are 32 KB, the whole L1, and one
   * weight row per pass moved them through the cache 2048 times. ResNet-50's head, 2 threads, weights cycling
   * through 12 copies, alternating per call: batch 8 0.61 against 0.88 ms and 0.68 against 1.00, batch 4 0.42 against
   * 0.48; batch 2 and 1 ran 16–29% slower that way (their time is streaming the weights, one row after another).
   */
  static final int FOUR_ROWS_MIN_BATCH = 4;
  /** Blocks of weight rows, the same for any thread count (the sums' order, and so their rounding, stays fixed). */
  static final int TASKS = 16;

  private final CpuComputePool pool;
  private final float[][] partials = new float[TASKS][0];
  /**
   * The running call's arguments, read by {@link #partialSums}: one task object made once, since a lambda over the
   * arguments would allocate on every call. Set under the instance lock, published to the threads by the region.
   */
  private float[] callX;
  private float[] callW;
  private int callN;
  private int callIn;
  private int callOut;
  private int callTasks;
  private final CpuComputePool.Task partialSums = this::partialSums;

  SmallBatchDense(CpuComputePool pool) {
    this.pool = pool;
  }

  /** Whether {@link #run} computes a dense layer of {@code rows} batch rows. */
  static boolean applies(int rows) {
    return rows <= MAX_ROWS;
  }

  /**
   * {@code y[n, out] = x[n, in] · w[in, out] + bias} (bias may be null), all row-major. Synchronised: the partial sums
   * are shared by the call's tasks.
   */
  synchronized void run(float[] x, int n, int in, float[] w, int out, float[] bias, float[] y) {
    int size = n * out;
    int tasks = Math.max(1, Math.min(TASKS, in));
    for (int t = 0; t < tasks; t++) {
      if (partials[t].length < size) {
        partials[t] = new float[size];
      }
    }
    callX = x;
    callN = n;
    callIn = in;
    callW = w;
    callOut = out;
    callTasks = tasks;
    try {
      pool.parallelFor(tasks, partialSums);
    } finally {
      callX = null;
      callW = null;
    }
    for (int i = 0; i < n; i++) {
      if (bias == null) {
        Arrays.fill(y, i * out, (i + 1) * out, 0f);
      } else {
        System.arraycopy(bias, 0, y, i * out, out);
      }
    }
    // Plain loops: run once per call, a vector loop here would stay uncompiled for many calls and allocate a vector
    // object per step meanwhile (150 KB per batch-1 forward); C2 vectorises these by itself.
    for (int t = 0; t < tasks; t++) {
      float[] part = partials[t];
      for (int j = 0; j < size; j++) {
        y[j] += part[j];
      }
    }
  }

  /** Task {@code task}'s slice of the input features: its partial products into {@code partials[task]}. */
  private void partialSums(int task, int participant) {
    float[] x = callX;
    float[] w = callW;
    int n = callN;
    int in = callIn;
    int out = callOut;
    int k0 = (int) ((long) task * in / callTasks);
    int k1 = (int) ((long) (task + 1) * in / callTasks);
    float[] part = partials[task];
    Arrays.fill(part, 0, n * out, 0f);
    int k = k0;
    if (n >= FOUR_ROWS_MIN_BATCH) {
      for (; k + 4 <= k1; k += 4) {
        for (int i = 0; i < n; i++) {
          int xi = i * in + k;
          VectorLoops.addScaledRowsInto(x[xi], x[xi + 1], x[xi + 2], x[xi + 3], w, k * out, out, part, i * out, out);
        }
      }
    }
    for (; k < k1; k++) {
      for (int i = 0; i < n; i++) {
        VectorLoops.addScaledInto(x[i * in + k], w, k * out, part, i * out, out);
      }
    }
  }
}
