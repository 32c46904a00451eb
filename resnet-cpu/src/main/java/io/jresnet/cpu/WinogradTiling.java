package io.jresnet.cpu;

/**
 * How {@link WinogradConv} cuts one call into tasks: the output is covered by {@code tilesH × tilesW} tiles of the
 * variant's output size (4×4 or 2×2 pixels) per image ({@link #tiles()} over the batch, numbered image by image, row
 * by row); a task takes a block of up to {@link #blockTiles()} consecutive tiles and a block of up to
 * {@link #colBlock()} output channels.
 *
 * <p>A task's transformed input ({@code points × blockTiles × cin} floats) and products ({@code points × blockTiles ×
 * colBlock}) are sized to stay in the core's L2 together, unless that would leave fewer than
 * {@link #MIN_BLOCK_TILES} tiles per block; the number of tasks is made a multiple of the threads where that is
 * possible, since they all cost the same.
 *
 * @param variant the algorithm, whose output tile side sets the tiles
 * @param tilesH tile rows per image
 * @param tilesW tile columns per image
 * @param tiles tiles over the whole batch
 * @param blockTiles tiles per task (the last block may have fewer)
 * @param tileBlocks blocks of tiles
 * @param colBlock output channels per task (a multiple of the GEMM's panel width, or all of them)
 * @param colBlocks blocks of output channels
 */
record WinogradTiling(
    WinogradVariant variant, int tilesH, int tilesW, int tiles, int blockTiles, int tileBlocks, int colBlock,
    int colBlocks) {
  /** Floats of transformed input and products that one task may keep: 1.5 MiB of the 2 MiB L2 per core. */
  static final int L2_FLOATS = 3 << 18;
  /**
   * The fewest tiles per block, even where the L2 budget asks for fewer: each task streams its slice of the
   * transformed filters, {@code 2 / blockTiles} bytes per flop, and for the widest layers (512 channels at 7×7,
   * batch 8) re-reading the filters per small block costs more than letting the transformed input spill to L3
   * (measured: 1.05× → 1.3× over im2col when going from 16 to 32 tiles per block).
   */
  static final int MIN_BLOCK_TILES = 48;
  /** The widest block of output channels: beyond it, tasks get too few to share among the threads. */
  static final int MAX_COL_BLOCK = 128;

  WinogradTiling {
    if (tilesH < 1 || tilesW < 1 || tiles < 1 || blockTiles < 1 || tileBlocks < 1 || colBlock < 1 || colBlocks < 1) {
      throw new IllegalArgumentException(
          "winograd tiling: every count must be positive, got tiles " + tilesH + "x" + tilesW + " (" + tiles
              + "), " + tileBlocks + " blocks of " + blockTiles + ", " + colBlocks + " column blocks of " + colBlock);
    }
  }

  /**
   * The tiling of a conv of geometry {@code g} (3×3, stride 1, one group) by {@code variant} on {@code threads}
   * threads.
   */
  static WinogradTiling choose(ConvGeometry g, int threads, WinogradVariant variant) {
    int tilesH = ceilDiv(g.oh(), variant.out);
    int tilesW = ceilDiv(g.ow(), variant.out);
    int tiles = Math.multiplyExact(Math.multiplyExact(g.n(), tilesH), tilesW);
    int colBlock = g.cout() <= MAX_COL_BLOCK ? g.cout() : MAX_COL_BLOCK;
    int colBlocks = ceilDiv(g.cout(), colBlock);
    int perTile = variant.positions * (g.cin() + colBlock);
    int maxTiles = Math.max(MIN_BLOCK_TILES, L2_FLOATS / perTile / GemmMicroKernel.MR * GemmMicroKernel.MR);
    int tileBlocks = ceilDiv(tiles, maxTiles);
    while (tileBlocks < tiles && (tileBlocks * colBlocks) % threads != 0) {
      tileBlocks++;
    }
    int blockTiles = ceilDiv(tiles, tileBlocks);
    return new WinogradTiling(
        variant, tilesH, tilesW, tiles, blockTiles, ceilDiv(tiles, blockTiles), colBlock, colBlocks);
  }

  int tasks() {
    return tileBlocks * colBlocks;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
