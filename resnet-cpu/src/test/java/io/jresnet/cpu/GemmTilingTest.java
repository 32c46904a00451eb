package io.jresnet.cpu;

import static io.jresnet.cpu.GemmMicroKernel.MR;
import static io.jresnet.cpu.GemmMicroKernel.NR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GemmTilingTest {
  /** Blocks cover the rows and columns once, in whole register tiles, and differ by at most one tile. */
  @Test
  void blocksPartitionRowsAndColumnsIntoWholeTilesOfNearlyEqualSize() {
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 2000; trial++) {
      int rows = 1 + random.nextInt(30000);
      int cols = 1 + random.nextInt(2100);
      int groups = 1 + random.nextInt(4);
      int threads = 1 + random.nextInt(4);
      GemmTiling t = GemmTiling.choose(rows, cols, groups, threads);
      String what = rows + "x" + cols + ", " + groups + " groups, " + threads + " threads: " + t;
      int expectedStart = 0;
      int minUnits = Integer.MAX_VALUE;
      int maxUnits = 0;
      for (int b = 0; b < t.rowBlocks(); b++) {
        assertEquals(expectedStart, t.rowStart(b), what);
        assertTrue(t.rowStart(b) % MR == 0 && t.rowEnd(b) > t.rowStart(b), what);
        int units = GemmTiling.ceilDiv(t.rowEnd(b) - t.rowStart(b), MR);
        minUnits = Math.min(minUnits, units);
        maxUnits = Math.max(maxUnits, units);
        expectedStart = t.rowEnd(b);
      }
      assertEquals(rows, expectedStart, what);
      assertTrue(maxUnits - minUnits <= 1, what);
      assertTrue(t.maxBlockRows() >= maxUnits * MR || t.maxBlockRows() == rows, what);
      expectedStart = 0;
      for (int b = 0; b < t.colBlocks(); b++) {
        assertEquals(expectedStart, t.colStart(b), what);
        assertTrue(t.colStart(b) % NR == 0 && t.colEnd(b) > t.colStart(b), what);
        expectedStart = t.colEnd(b);
      }
      assertEquals(cols, expectedStart, what);
    }
  }

  /**
   * Rows are split first; columns only when the row blocks give fewer than {@link GemmTiling#TASKS_PER_THREAD} tasks
   * per thread (ResNet-50's late stages), never below two panels per block; GEMMs of few rows and four times as many
   * columns split by columns alone.
   */
  @Test
  void columnsAreSplitOnlyWhenRowsGiveTooFewTasks() {
    org.junit.jupiter.api.Assumptions.assumeTrue(MR == 14 && NR == 32, "the shapes below assume AVX-512 tiles");
    // Batch 8, layer 4: 392 rows are 4 blocks; 2048 columns split 4 ways for 16 tasks.
    assertTiling(GemmTiling.choose(392, 2048, 1, 2), 4, 4);
    // Batch 1, layer 3 (196 rows): 2 row blocks of 112 and 4 column blocks are 8 tasks, so rows split again.
    assertTiling(GemmTiling.choose(196, 256, 1, 2), 4, 4);
    // Batch 1, layer 4 (49 rows, 4 register tiles) and layer 3's expansions: weight-bound, columns alone.
    assertTiling(GemmTiling.choose(49, 512, 1, 2), 1, 16);
    assertTiling(GemmTiling.choose(49, 2048, 1, 2), 1, 16);
    assertTiling(GemmTiling.choose(196, 1024, 1, 2), 1, 16);
    // Only 2.6 times as many columns as rows, or more rows than two blocks: the row split stays.
    assertTiling(GemmTiling.choose(196, 512, 1, 2), 2, 8);
    assertTiling(GemmTiling.choose(392, 4096, 1, 2), 4, 4);
    // Groups keep the general rule.
    assertEquals(1, GemmTiling.choose(49, 2048, 2, 2).rowBlocks());
    // Batch 8, layer 1: 25088 rows give tasks enough.
    assertEquals(1, GemmTiling.choose(25088, 256, 1, 2).colBlocks());
    // One thread never splits columns.
    assertEquals(1, GemmTiling.choose(49, 2048, 1, 1).colBlocks());
  }

  @Test
  void rejectsTilingsThatDoNotFit() {
    assertThrows(IllegalArgumentException.class, () -> new GemmTiling(28, 64, 3, 1));
    assertThrows(IllegalArgumentException.class, () -> new GemmTiling(28, 64, 1, 3));
    assertThrows(IllegalArgumentException.class, () -> new GemmTiling(28, 64, 0, 1));
  }

  private static void assertTiling(GemmTiling t, int rowBlocks, int colBlocks) {
    assertEquals(rowBlocks + "x" + colBlocks, t.rowBlocks() + "x" + t.colBlocks(), t.toString());
  }
}
