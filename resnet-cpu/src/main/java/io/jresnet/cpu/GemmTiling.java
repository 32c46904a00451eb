package io.jresnet.cpu;

import static io.jresnet.cpu.GemmMicroKernel.MR;
import static io.jresnet.cpu.GemmMicroKernel.NR;

/**
 * How one GEMM ({@code rows × cols}, possibly once per group) is cut into parallel tasks: {@code rowBlocks} blocks of
 * rows, each a whole number of {@link GemmMicroKernel#MR}-row units, times {@code colBlocks} blocks of whole
 * {@link GemmMicroKernel#NR}-column panels. Blocks differ by at most one unit, so equal task counts mean equal work.
 *
 * <p>Rows are split first (each row block reads B once; 1×1 convs read their rows of A in place). Only when there
 * are too few row blocks for {@link #TASKS_PER_THREAD} tasks per thread (the late, small-image stages of a ResNet)
 * are columns split too, which also keeps each thread streaming a disjoint part of the large weight matrix.
 */
record GemmTiling(int rows, int cols, int rowBlocks, int colBlocks) {
  /**
   * Largest row block: its slice of A ({@code rows × KC}) stays in L2 while every panel of B passes over it. 112 rows
   * rather than 224: with 2 threads, in one process alternating per call over ResNet-50's convs, the 1x1 convs took
   * 23.5 instead of 24.2 ms at batch 1 and 182.4 instead of 184.8 ms at batch 8 (56 rows: no better than 112).
   */
  static final int MAX_BLOCK_ROWS = 8 * MR;
  /**
   * Fewest tasks per thread before columns are split too. Eight rather than two: with 2 threads, alternating per call
   * in one process on weights streamed from memory, ResNet-50's batch-8 last-stage GEMMs ran 392x2048x512 at 176 instead
   * of 144 GFLOPS (4x4 blocks instead of 4x1) and 392x512x2048 at 187 instead of 155, batch 1's 196x1024x256 at 151
   * instead of 125 and the other shapes no slower; smaller blocks of columns let a thread that other processes slow
   * down hand over more of its share, and each streams less of the weights. Through {@code conv2d} with six prepared
   * weight sets in turn: 14x14x1024 -> 256 at batch 1 took 0.50 instead of 0.65 ms, 14x14x256 -> 1024 0.50 instead of
   * 0.69, 7x7x2048 -> 512 at batch 8 4.05 instead of 5.31. Whole batch-8 forwards: 355 against 371 ms (median of 40,
   * alternating), at batch 1 within the noise.
   */
  static final int TASKS_PER_THREAD = 8;
  /** See {@link #weightBound}: the most rows of a GEMM whose tasks take whole columns of B. */
  static final int MAX_WEIGHT_BOUND_ROWS = 2 * MAX_BLOCK_ROWS;

  GemmTiling {
    if (rowBlocks < 1
        || colBlocks < 1
        || rowBlocks > Math.max(1, units(rows))
        || colBlocks > Math.max(1, panels(cols))) {
      throw new IllegalArgumentException(
          "bad tiling " + rowBlocks + "x" + colBlocks + " for a " + rows + "x" + cols + " GEMM");
    }
  }

  /** A tiling for {@code groups} independent GEMMs of this size run by {@code threads} threads. */
  static GemmTiling choose(int rows, int cols, int groups, int threads) {
    int units = Math.max(1, units(rows));
    int panels = Math.max(1, panels(cols));
    if (threads > 1 && weightBound(rows, cols, groups, panels, threads)) {
      return new GemmTiling(rows, cols, 1, TASKS_PER_THREAD * threads);
    }
    int rowBlocks = Math.min(units, ceilDiv(rows, MAX_BLOCK_ROWS));
    int colBlocks = 1;
    if (threads > 1) {
      int wanted = TASKS_PER_THREAD * threads;
      if ((long) groups * rowBlocks < wanted) {
        // Keep at least two panels (64 columns with 512-bit vectors) per block so the A rows are reused.
        colBlocks = Math.max(1, Math.min(panels / 2, ceilDiv(wanted, groups * rowBlocks)));
      }
      if ((long) groups * rowBlocks * colBlocks < wanted) {
        rowBlocks = Math.min(units, ceilDiv(wanted, groups * colBlocks));
      }
      // Round the task count up to a multiple of the threads so no thread is left with a lone last task.
      while ((long) groups * rowBlocks * colBlocks % threads != 0 && rowBlocks < units) {
        rowBlocks++;
      }
    }
    return new GemmTiling(rows, cols, rowBlocks, colBlocks);
  }

  /**
   * A GEMM of few rows and at least four times as many columns (ResNet-50's late stages at batch 1: 196 × 1024, 49 ×
   * 512), whose time goes to streaming B from memory, splits by columns alone into {@link #TASKS_PER_THREAD} tasks per
   * thread, each with every row: each block of B is then read once, by one thread, where split rows have two threads
   * read the same block. With each conv's weights cycling through 12 copies so that each call reads them from memory,
   * 2 threads, alternating per call: 196 × 1024 × 256 0.76–0.80 against 0.79–0.87 ms, 49 × 512 × 4608 (lowered 3×3)
   * 1.75–2.19 against 1.91–2.32 ms; 196 × 512 (only 2.6 times as many columns) ran slower, so it keeps the row split.
   */
  private static boolean weightBound(int rows, int cols, int groups, int panels, int threads) {
    return groups == 1 && rows <= MAX_WEIGHT_BOUND_ROWS && panels >= TASKS_PER_THREAD * threads && 4L * rows <= cols;
  }

  int tasksPerGroup() {
    return rowBlocks * colBlocks;
  }

  /** The group of parallel task {@code task}: tasks run group by group, row block by row block, column block last. */
  int groupOf(int task) {
    return task / tasksPerGroup();
  }

  /** The row block of parallel task {@code task} (see {@link #groupOf}). */
  int rowBlockOf(int task) {
    return task % tasksPerGroup() / colBlocks;
  }

  /** The column block of parallel task {@code task} (see {@link #groupOf}). */
  int colBlockOf(int task) {
    return task % colBlocks;
  }

  int rowStart(int block) {
    return Math.min(rows, (int) ((long) block * units(rows) / rowBlocks) * MR);
  }

  int rowEnd(int block) {
    return block == rowBlocks - 1 ? rows : rowStart(block + 1);
  }

  int colStart(int block) {
    return Math.min(cols, (int) ((long) block * panels(cols) / colBlocks) * NR);
  }

  int colEnd(int block) {
    return block == colBlocks - 1 ? cols : colStart(block + 1);
  }

  /** The most rows any block has (sizes per-thread A buffers). */
  int maxBlockRows() {
    return Math.min(rows, ceilDiv(units(rows), rowBlocks) * MR);
  }

  private static int units(int rows) {
    return ceilDiv(rows, MR);
  }

  private static int panels(int cols) {
    return ceilDiv(cols, NR);
  }

  static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
