package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.backend.Conv2dParams;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WinogradTilingTest {
  @Test
  void blocksCoverEveryTileAndChannelOnce() {
    Conv2dParams p = Conv2dParams.square(3, 1, 1);
    int[][] shapes = {{1, 56, 64, 64}, {8, 56, 64, 64}, {1, 28, 128, 128}, {8, 14, 256, 256}, {8, 7, 512, 512},
        {3, 13, 40, 200}, {2, 7, 13, 40}, {128, 28, 16, 16}};
    for (int[] s : shapes) {
      ConvGeometry g = new ConvGeometry(s[0], s[1], s[1], s[2], s[1], s[1], s[3], p);
      for (int threads = 1; threads <= 3; threads++) {
        for (WinogradVariant variant : WinogradVariant.values()) {
          WinogradTiling t = WinogradTiling.choose(g, threads, variant);
          String what = Arrays.toString(s) + " on " + threads + " threads, " + variant + ": " + t;
          int perSide = (s[1] + variant.out - 1) / variant.out;
          assertEquals(s[0] * perSide * perSide, t.tiles(), what);
          assertTrue((long) t.blockTiles() * t.tileBlocks() >= t.tiles(), what);
          assertTrue((long) t.blockTiles() * (t.tileBlocks() - 1) < t.tiles(), what + ": an empty block");
          assertTrue((long) t.colBlock() * t.colBlocks() >= g.cout(), what);
          assertTrue((long) t.colBlock() * (t.colBlocks() - 1) < g.cout(), what + ": an empty column block");
          assertTrue(t.colBlock() == g.cout() || t.colBlock() % GemmMicroKernel.NR == 0, what);
          if (t.tiles() >= 4 * threads) {
            assertEquals(0, t.tasks() % threads, what + ": tasks not a multiple of the threads");
          }
        }
      }
    }
  }

  @Test
  void rejectsEmptyCounts() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new WinogradTiling(WinogradVariant.F4X4, 2, 2, 4, 0, 1, 64, 1));
    assertEquals(
        "winograd tiling: every count must be positive, got tiles 2x2 (4), 1 blocks of 0, 1 column blocks of 64",
        e.getMessage());
  }
}
