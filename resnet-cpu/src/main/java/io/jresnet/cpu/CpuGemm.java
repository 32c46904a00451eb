package io.jresnet.cpu;

import static io.jresnet.cpu.GemmMicroKernel.LANES;
import static io.jresnet.cpu.GemmMicroKernel.MR;
import static io.jresnet.cpu.GemmMicroKernel.MR_SMALL;
import static io.jresnet.cpu.GemmMicroKernel.NR;

import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Single-precision GEMM, {@code C = epilogue(A · B)}, over row-major float arrays: the blocked driver around
 * {@link GemmMicroKernel}. Loop order per tile (after BLIS): blocks of {@link #KC} along {@code k}, then each
 * {@code NR}-column panel of B (its {@code KC × NR} block stays in L1), then the rows of A in steps of {@code MR}.
 * The epilogue runs inside the micro-kernels on the accumulators (see {@link GemmMicroKernel}), so each pass writes
 * C once and no pass re-reads it for bias, residual or ReLU.
 */
final class CpuGemm {
  /** Depth block: a {@code KC × NR} B block is 32 KiB with 512-bit vectors. */
  static final int KC = 256;
  /**
   * The most rows of a tile whose {@linkplain PanelRef#streamed streamed} B blocks {@link #pullIntoCache} reads ahead:
   * four register tiles of rows. Below that, a block of B streamed from memory serves too few tiles for its first
   * tile's wait to hide.
   */
  static final int PULL_MAX_ROWS = 4 * MR;
  /**
   * Fewest rows of a tile that {@link #multiplyTileRowsFirst} runs rows first: four register tiles. Against a whole
   * 112-row block, with weights cycling through copies, alternating per call: ResNet-50's layer-4 1×1 convs at batch
   * 8 (98-row tiles) 44.9 against 45.7 ms, the layer-2 and -3 ones at batch 1 (49-row tiles) 18.0 against 18.3 ms,
   * every conv as fast or faster; whole forwards within the noise (batch 8 353.3 against 356.9 ms, batch 1 51.7
   * against 51.0).
   */
  static final int ROWS_FIRST_MIN_ROWS = 4 * MR;
  /** Fewest columns of a tile that {@link #multiplyTileRowsFirst} runs rows first: four panels. */
  static final int ROWS_FIRST_MIN_COLS = 4 * NR;
  /** Most floats of the B slice ({@code KC × cols}) a register tile runs across rows first: 1 MiB, half of L2. */
  static final int ROWS_FIRST_MAX_B_FLOATS = 256 * 1024;
  /** The system property that overrides {@link #READS_AHEAD}: {@code true}, {@code false} or {@code auto}. */
  static final String READ_AHEAD_PROPERTY = "jresnet.cpu.readAhead";
  /**
   * Whether GEMMs of few rows read {@linkplain PanelRef#streamed streamed} blocks of B ahead ({@link #pullIntoCache}):
   * by default where the L1 data cache holds 48 KiB or more, so that a 32 KiB block fits beside the rows of A. On a
   * 32 KiB L1 (this project's Zen 4 machines) the read-ahead fills the whole cache and only stalls: ResNet-50's
   * convs, 2 threads, weights cycling through copies, alternating per call with and without it, batch 1: 7×7×512
   * 3×3 1.28 against 1.54 ms, 14×14×512 3×3/2 1.25 against 1.53, 7×7×2048 → 512 0.62 against 0.74, 7×7×512 → 2048
   * 0.59 against 0.66, 14×14×1024 → 2048/2 1.19 against 1.35, 14×14×256 3×3 (Winograd F(2×2)) 0.67 against 0.75;
   * batch 8: 7×7×512 3×3 (Winograd F(4×4)) 4.11 against 5.00 ms; no other conv moved by more than 1%. On the
   * Intel Xeon of earlier sessions the read-ahead won 5–11% on the same convs (see {@link #pullIntoCache}).
   */
  static final boolean READS_AHEAD = readsAhead(System.getProperty(READ_AHEAD_PROPERTY, "auto"), L1DataCache.bytes());

  /**
   * Set once a block {@link #pullIntoCache} read held a NaN. Nothing reads it: the write the NaN test guards is what
   * keeps the JIT from dropping the loads, and NaN weights simply flow on into the products.
   */
  private static boolean pulledNaN;

  /**
   * Row stride of the copies of A's rows that {@link #tile} makes when A's own rows {@linkplain #rowsAlias alias}: a
   * depth block plus one vector, so that no two copied rows start a multiple of 4 KiB apart.
   */
  static final int PACKED_LD = KC + LANES;
  /**
   * Most rows a tile copies at once on its panel-by-panel path (16 register tiles, 238 KB with 512-bit vectors:
   * within L2 beside a block of B); larger tiles whose rows alias run in pieces of this many rows.
   */
  static final int PACK_MAX_ROWS = 16 * MR;
  /** Each thread's copy of A's rows ({@link #PACK_MAX_ROWS} × {@link #PACKED_LD}), made on its first use. */
  private static final ThreadLocal<float[]> PACKED_ROWS =
      ThreadLocal.withInitial(() -> new float[PACK_MAX_ROWS * PACKED_LD]);

  private CpuGemm() {}

  /** {@link #READS_AHEAD} for the property's value and the L1 data cache's size in bytes (0: unknown). */
  static boolean readsAhead(String property, int l1DataBytes) {
    return switch (property.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      case "auto" -> l1DataBytes >= 48 * 1024;
      default ->
          throw new IllegalArgumentException(
              "system property " + READ_AHEAD_PROPERTY + " is '" + property + "'; expected true, false or auto");
    };
  }

  /**
   * Whether rows of A {@code lda} floats apart share L1 sets: rows a multiple of 4 KiB apart map to the same set of a
   * 64-set L1 (32 KiB 8-way here, 48 KiB 12-way on recent Xeons), so the micro-kernel's 14 rows evict each other on
   * every step. The 1×1 convs of 1024 and 2048 input channels read such rows in place (and the strided ones of 512,
   * at twice the channels apart); {@link #tile} copies them, a depth block at a time, into {@link #PACKED_LD}-strided
   * rows first. ResNet-50's convs through {@code conv2d}, 2 threads, weights and inputs cycling through copies,
   * alternating per call with the copy on and off: batch 8, 14×14×1024 → 256 4.16 against 5.18 ms, 7×7×2048 → 512
   * 4.08 against 5.34, 14×14×1024 → 512 7.88 against 10.38, 28×28×512 → 1024 stride 2 7.98 against 10.58; batch 1
   * 0.56 against 0.70, 0.75 against 0.79, 1.10 against 1.41 and 1.11 against 1.40 ms. Rows 2 KiB apart (512
   * channels) ran 4–8% slower with the copy at batch 8 and no faster at batch 1, so they are read in place.
   */
  static boolean rowsAlias(int lda) {
    return lda % 1024 == 0;
  }

  /**
   * One tile on the calling thread: {@code rows × cols} of C from {@code rows × depth} of A and {@code depth × cols}
   * of B. {@code a} and {@code c} point at the tile's first element; the tile's columns start at panel
   * {@code firstPanel} of {@code b}.
   *
   * @param column the column of C's rows where the tile starts, for the bias
   */
  static void multiplyTile(
      MatrixRef a, PanelRef b, int firstPanel, MatrixRef c, int rows, int cols, int depth, int column,
      GemmEpilogue epilogue) {
    tile(a.data(), a.offset(), a.stride(), Integer.MAX_VALUE, 0, 0, b, firstPanel, c.data(), c.offset(), c.stride(),
        rows, cols, depth, column, epilogue, false);
  }

  /**
   * {@link #multiplyTile} with A and C as array, offset of the tile's first element and row stride: parallel tasks
   * call this, so that no task allocates a {@link MatrixRef} (escape analysis does not remove those that a task's
   * lambda passes on).
   */
  static void multiplyTile(
      float[] a, int aOffset, int lda, PanelRef b, int firstPanel, float[] c, int cOffset, int ldc, int rows,
      int cols, int depth, int column, GemmEpilogue epilogue) {
    tile(a, aOffset, lda, Integer.MAX_VALUE, 0, 0, b, firstPanel, c, cOffset, ldc, rows, cols, depth, column,
        epilogue, false);
  }

  /**
   * {@link #multiplyTile(float[], int, int, PanelRef, int, float[], int, int, int, int, int, int, GemmEpilogue)}, but
   * where the tile is a large block of C ({@link #ROWS_FIRST_MIN_ROWS} rows or more, {@link #ROWS_FIRST_MIN_COLS}
   * columns or more) whose B slice fits L2 ({@link #ROWS_FIRST_MAX_B_FLOATS}), each register tile of rows runs across
   * all the columns before the next one starts: each row of C is then written from left to right in one go, instead
   * of in {@code NR}-column pieces a whole pass over the block apart. For C that goes out to memory (the 1×1 convs of
   * a large batch); where C stays in cache (Winograd's products), the panel-by-panel order that keeps one block of B
   * in L1 is faster.
   *
   * <p>ResNet-50's 1×1 convs at batch 8, weights cycling through 3 copies, 2 threads, alternating per call: 206.8
   * against 217.9 ms in all (K ≤ 256: the 28×28×128 → 512 conv 6.0 against 7.5 ms, 14×14×256 → 1024 5.0 against
   * 5.6), 248.8 against 252.4 ms over every depth in a slower moment. Whole forwards, alternating, medians: batch 8
   * 283.8 against 300.1 and 319.1 against 324.5 ms (30 each; first quartiles 263.7 / 267.7 and 257.3 / 273.5), batch
   * 1 45.6 against 46.5 ms (80). Winograd's GEMMs ran 3–10% slower this way, so only the 1×1 convs that read their
   * input in place use it (this and {@link #multiplyTileRuns}).
   */
  static void multiplyTileRowsFirst(
      float[] a, int aOffset, int lda, PanelRef b, int firstPanel, float[] c, int cOffset, int ldc, int rows,
      int cols, int depth, int column, GemmEpilogue epilogue) {
    tile(a, aOffset, lda, Integer.MAX_VALUE, 0, 0, b, firstPanel, c, cOffset, ldc, rows, cols, depth, column,
        epilogue, true);
  }

  /**
   * {@link #multiplyTile} with A's rows in runs: rows come in runs of {@code runRows}, row {@code i} of a run at
   * {@code lda} floats from the one before, runs {@code runStride} floats apart. Tile row {@code r} is row
   * {@code m = firstRow + r} of the runs, at {@code aOffset + (m / runRows) * runStride + (m % runRows) * lda}. A
   * strided 1×1 conv reads its input in place this way: one run per output row, {@code lda = strideW * cin}.
   *
   * <p>Every register tile must lie inside one run: {@code runRows} and {@code firstRow} are multiples of
   * {@link GemmMicroKernel#MR}, and so is {@code rows} unless the tile ends at the end of a run; {@code cols} is a
   * multiple of {@link GemmMicroKernel#NR} (the narrow and edge paths address rows with one stride).
   *
   * <p>Large tiles run rows first, as in {@link #multiplyTileRowsFirst}: a strided 1×1 conv writes a large output.
   * ResNet-50's projection shortcuts at batch 8, weights cycling through 3 copies, alternating per call: 56×56×256 →
   * 28×28×512 10.8 against 11.5 and 12.2 against 13.9 ms, 28×28×512 → 14×14×1024 10.0 against 10.5 and 13.5 against
   * 14.4 ms; whole batch-8 forwards 296.9 against 301.6 and 328.8 against 333.7 ms (medians of 30).
   */
  static void multiplyTileRuns(
      float[] a, int aOffset, int lda, int runRows, int runStride, int firstRow, PanelRef b, int firstPanel,
      float[] c, int cOffset, int ldc, int rows, int cols, int depth, int column, GemmEpilogue epilogue) {
    if (runRows < 1 || runRows % MR != 0 || firstRow % MR != 0 || cols % NR != 0) {
      throw new IllegalArgumentException(
          "row runs of " + runRows + " rows from row " + firstRow + " by " + cols + " columns are not whole "
              + MR + "x" + NR + " tiles");
    }
    tile(a, aOffset, lda, runRows, runStride, firstRow, b, firstPanel, c, cOffset, ldc, rows, cols, depth, column,
        epilogue, true);
  }

  /**
   * Reads {@code length} floats from {@code from} in a loop of nothing but loads, so that a block of B the
   * micro-kernels then read several times is in cache before the first of them needs it; true if the block holds a
   * NaN (the caller tests the sum so that the JIT keeps the loads).
   *
   * <p>A micro-kernel streaming a cold block itself keeps few loads in flight (one per 14 FMAs) and pulled weights
   * at about 4.5 GB/s; a loop of loads alone keeps many in flight and reads about 12 GB/s per thread. With each
   * conv's weights cycling through 12 copies (cold, as in a forward), 2 threads, alternating per call: 49 x 512 x
   * 4608 1.88 against 2.11 ms, 49 x 2048 x 512 0.76 against 0.85 ms; ResNet-50's convs at batch 1 36.2 against
   * 36.9 ms in all (layer 4's 3x3 convs 1.62 / 1.72 against 1.73 / 1.87, layer 3's F(2x2) Winograd 0.68 against
   * 0.72), its 7x7 Winograd conv at batch 8 (32 rows per point) 6.4 against 6.8 ms. Only for {@linkplain
   * PanelRef#streamed streamed} panels: where several tasks share a block (a row-split tiling), the later ones find
   * it in cache, and reading it ahead for each cost ResNet-50's stride-2 3x3 convs at batch 1 up to 20%. Blocks
   * that 8 or more register tiles share gained nothing either. Those figures are from an Intel Xeon; on a 32 KiB L1
   * the read-ahead costs more than it saves, and {@link #READS_AHEAD} leaves it out.
   */
  static boolean pullIntoCache(float[] b, int from, int length) {
    FloatVector sum0 = FloatVector.zero(GemmMicroKernel.SPECIES);
    FloatVector sum1 = sum0;
    int i = from;
    for (int end = from + length - 2 * LANES; i <= end; i += 2 * LANES) {
      sum0 = sum0.add(FloatVector.fromArray(GemmMicroKernel.SPECIES, b, i));
      sum1 = sum1.add(FloatVector.fromArray(GemmMicroKernel.SPECIES, b, i + LANES));
    }
    float sum = sum0.add(sum1).reduceLanes(VectorOperators.ADD);
    for (; i < from + length; i++) {
      sum += b[i];
    }
    return Float.isNaN(sum);
  }

  private static void tile(
      float[] ad, int aOffset, int lda, int runRows, int runStride, int firstRow, PanelRef b, int firstPanel,
      float[] cd, int cOffset, int ldc, int rows, int cols, int depth, int column, GemmEpilogue epilogue,
      boolean rowsFirst) {
    float[] bd = b.data();
    int ldb = b.rowStride();
    if (depth == 0) {
      clearTile(cd, cOffset, ldc, rows, cols, column, epilogue);
      return;
    }
    boolean packRows = rowsAlias(lda);
    if (packRows && rows > PACK_MAX_ROWS && !(rowsFirst && rowsFirstPays(rows, cols, Math.min(KC, depth)))) {
      // Row m of the tile is row firstRow + m of A (runs or not), so pieces only move firstRow and C.
      for (int r = 0; r < rows; r += PACK_MAX_ROWS) {
        tile(ad, aOffset, lda, runRows, runStride, firstRow + r, b, firstPanel, cd, cOffset + r * ldc, ldc,
            Math.min(PACK_MAX_ROWS, rows - r), cols, depth, column, epilogue, rowsFirst);
      }
      return;
    }
    float[] packed = packRows ? PACKED_ROWS.get() : null;
    // A as the tile was given it; each depth block below reads either this or its rows' copy in packed.
    float[] givenA = ad;
    int givenOffset = aOffset;
    int givenLd = lda;
    int givenRuns = runRows;
    int givenFirstRow = firstRow;
    float[] residual = epilogue.residual();
    for (int k0 = 0; k0 < depth; k0 += KC) {
      int kLen = Math.min(KC, depth - k0);
      boolean tileRowsFirst = rowsFirst && rowsFirstPays(rows, cols, kLen);
      if (packRows && !tileRowsFirst) {
        // The panel-by-panel path reads the tile's rows once per panel: copy all of them once.
        copyRows(givenA, givenOffset + k0, givenLd, givenRuns, runStride, givenFirstRow, rows, kLen, packed);
        ad = packed;
        aOffset = -k0;
        lda = PACKED_LD;
        runRows = Integer.MAX_VALUE;
        firstRow = 0;
      } else {
        ad = givenA;
        aOffset = givenOffset;
        lda = givenLd;
        runRows = givenRuns;
        firstRow = givenFirstRow;
      }
      // The first pass over k starts from the residual or zeros, later ones from the partial sums in C; the residual
      // shares C's layout, so it is read at C's own index.
      boolean fromC = k0 > 0;
      float[] init = fromC ? cd : residual != null ? residual : GemmMicroKernel.ZEROS;
      boolean initLikeC = init != GemmMicroKernel.ZEROS;
      int ldi = initLikeC ? ldc : 0;
      // Bias and ReLU are applied once, on the way out of the last pass.
      boolean lastPass = k0 + kLen == depth;
      float[] bias = lastPass && epilogue.bias() != null ? epilogue.bias() : GemmMicroKernel.ZEROS;
      float floor = lastPass && epilogue.relu() ? 0f : Float.NEGATIVE_INFINITY;
      int rowsDone = 0;
      if (tileRowsFirst) {
        rowsDone = rows / MR * MR;
        int fullCols = cols / NR * NR;
        for (int r = 0; r < rowsDone; r += MR) {
          float[] at = ad;
          int ar = aOffset + k0 + rowOffset(firstRow + r, lda, runRows, runStride);
          int ldt = lda;
          if (packRows) {
            // Rows first, each register tile's rows serve every panel before the next tile: copy just those.
            copyRows(ad, aOffset + k0, lda, runRows, runStride, firstRow + r, MR, kLen, packed);
            at = packed;
            ar = 0;
            ldt = PACKED_LD;
          }
          for (int j = 0; j < fullCols; j += NR) {
            int cr = cOffset + r * ldc + j;
            GemmMicroKernel.full(
                at, ar, ldt, bd, b.start(k0, kLen, firstPanel + j / NR), ldb, kLen, init,
                initLikeC ? cr : 0, ldi, bias, bias == GemmMicroKernel.ZEROS ? 0 : column + j, floor, cd, cr, ldc);
          }
        }
      }
      for (int j = 0; j < cols; j += NR) {
        int width = Math.min(NR, cols - j);
        int bi = b.start(k0, kLen, firstPanel + j / NR);
        int ai = aOffset + k0;
        int ci = cOffset + j;
        int bo = bias == GemmMicroKernel.ZEROS ? 0 : column + j;
        // Full panels start below the register tiles that ran rows first; a partial last panel has all its rows.
        int r = width == NR ? rowsDone : 0;
        if (runRows != Integer.MAX_VALUE) {
          // Rows in runs: whole MR-row tiles, each inside one run, each with its own start in A.
          for (; GemmMicroKernel.FULL_TILE_FITS && r + MR <= rows; r += MR) {
            int cr = ci + r * ldc;
            GemmMicroKernel.full(
                ad, ai + rowOffset(firstRow + r, lda, runRows, runStride), lda, bd, bi, ldb, kLen, init,
                initLikeC ? cr : 0, ldi, bias, bo, floor, cd, cr, ldc);
          }
          for (; r + MR_SMALL <= rows; r += MR_SMALL) {
            int cr = ci + r * ldc;
            GemmMicroKernel.sixRows(
                ad, ai + rowOffset(firstRow + r, lda, runRows, runStride), lda, bd, bi, ldb, kLen, init,
                initLikeC ? cr : 0, ldi, bias, bo, floor, cd, cr, ldc);
          }
          ai += rowOffset(firstRow + r, lda, runRows, runStride) - r * lda;
        }
        if (width == NR) {
          if (READS_AHEAD && rows <= PULL_MAX_ROWS && b.streamed() && pullIntoCache(bd, bi, kLen * NR) && !pulledNaN) {
            pulledNaN = true;
          }
          for (; GemmMicroKernel.FULL_TILE_FITS && r + MR <= rows; r += MR) {
            int cr = ci + r * ldc;
            GemmMicroKernel.full(
                ad, ai + r * lda, lda, bd, bi, ldb, kLen, init, initLikeC ? cr : 0, ldi, bias, bo, floor, cd, cr, ldc);
          }
          // An odd rest of 7 to 13 rows: seven first, then an even rest, instead of ending on a lone edge row.
          if (rows - r >= 7 && (rows - r) % 2 == 1) {
            int cr = ci + r * ldc;
            GemmFewRowsKernel.sevenRows(
                ad, ai + r * lda, lda, bd, bi, ldb, kLen, init, initLikeC ? cr : 0, ldi, bias, bo, floor, cd, cr, ldc);
            r += 7;
          }
          for (; r + MR_SMALL <= rows; r += MR_SMALL) {
            int cr = ci + r * ldc;
            GemmMicroKernel.sixRows(
                ad, ai + r * lda, lda, bd, bi, ldb, kLen, init, initLikeC ? cr : 0, ldi, bias, bo, floor, cd, cr, ldc);
          }
          if (r + 4 <= rows) {
            int cr = ci + r * ldc;
            GemmFewRowsKernel.fourRows(
                ad, ai + r * lda, lda, bd, bi, ldb, kLen, init, initLikeC ? cr : 0, ldi, bias, bo, floor, cd, cr, ldc);
            r += 4;
          }
          if (r + 2 <= rows) {
            int cr = ci + r * ldc;
            GemmFewRowsKernel.twoRows(
                ad, ai + r * lda, lda, bd, bi, ldb, kLen, init, initLikeC ? cr : 0, ldi, bias, bo, floor, cd, cr, ldc);
            r += 2;
          }
        } else if (width == LANES) {
          for (; r + GemmNarrowKernel.ROWS <= rows; r += GemmNarrowKernel.ROWS) {
            int cr = ci + r * ldc;
            GemmNarrowKernel.tile(
                ad, ai + r * lda, lda, bd, bi, ldb, kLen, init, initLikeC ? cr : 0, ldi, bias, bo, floor, cd, cr, ldc);
          }
        }
        if (r < rows) {
          int cr = ci + r * ldc;
          GemmEdgeKernel.edge(
              ad, ai + r * lda, lda, rows - r, bd, bi, ldb, kLen, width, init, initLikeC ? cr : 0, ldi, bias, bo,
              floor, cd, cr, ldc);
        }
      }
    }
  }

  /**
   * Copies {@code count} rows of A from row {@code firstRow}, {@code kLen} floats of each from {@code aOffset} on (row
   * addressing as in {@link #rowOffset}), to {@code packed}, row {@code i} at {@code i * PACKED_LD}.
   */
  private static void copyRows(
      float[] a, int aOffset, int lda, int runRows, int runStride, int firstRow, int count, int kLen, float[] packed) {
    for (int i = 0; i < count; i++) {
      System.arraycopy(a, aOffset + rowOffset(firstRow + i, lda, runRows, runStride), packed, i * PACKED_LD, kLen);
    }
  }

  /**
   * Where row {@code m} of A starts from A's start: {@code m * lda}, or with rows in runs of {@code runRows} ({@link
   * #multiplyTileRuns}; {@link Integer#MAX_VALUE} for none) that lie {@code runStride} apart, the same inside its run.
   */
  private static int rowOffset(int m, int lda, int runRows, int runStride) {
    return runRows == Integer.MAX_VALUE ? m * lda : m / runRows * runStride + m % runRows * lda;
  }

  /** Whether {@link #multiplyTileRowsFirst}'s order applies to a tile of this size and depth block. */
  static boolean rowsFirstPays(int rows, int cols, int kLen) {
    return GemmMicroKernel.FULL_TILE_FITS
        && rows >= ROWS_FIRST_MIN_ROWS
        && cols >= ROWS_FIRST_MIN_COLS
        && (long) cols * kLen <= ROWS_FIRST_MAX_B_FLOATS;
  }

  /** {@code k = 0}: the product is zero, so C is just the epilogue of zero. */
  private static void clearTile(float[] c, int cOffset, int ldc, int rows, int cols, int column, GemmEpilogue e) {
    for (int r = 0; r < rows; r++) {
      int ci = cOffset + r * ldc;
      for (int j = 0; j < cols; j++) {
        c[ci + j] = e.apply(0f, ci + j, column + j);
      }
    }
  }

  /**
   * The whole product on the pool: {@code C[rows, cols] = epilogue(A[rows, depth] · B[depth, cols])}, A read in
   * place, the bias indexed from column 0.
   */
  static void multiply(
      CpuComputePool pool, MatrixRef a, PanelRef b, MatrixRef c, int rows, int cols, int depth, GemmEpilogue epilogue) {
    GemmTiling tiling = GemmTiling.choose(rows, cols, 1, pool.threads());
    PanelRef panels = tiling.rowBlocks() == 1 ? b.streamedOnce() : b;
    pool.parallelFor(
        tiling.tasksPerGroup(),
        (task, participant) -> {
          int rb = tiling.rowBlockOf(task);
          int cb = tiling.colBlockOf(task);
          int r0 = tiling.rowStart(rb);
          int c0 = tiling.colStart(cb);
          multiplyTile(
              a.data(),
              a.offset() + r0 * a.stride(),
              a.stride(),
              panels,
              c0 / NR,
              c.data(),
              c.offset() + r0 * c.stride() + c0,
              c.stride(),
              tiling.rowEnd(rb) - r0,
              tiling.colEnd(cb) - c0,
              depth,
              c0,
              epilogue);
        });
  }
}
