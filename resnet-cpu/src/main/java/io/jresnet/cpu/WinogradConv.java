package io.jresnet.cpu;

import static io.jresnet.cpu.WinogradTransforms.LANES;
import static io.jresnet.cpu.WinogradTransforms.SPECIES;

import io.jresnet.backend.Conv2dParams;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * 3×3, stride-1, one-group convolution by Winograd's F(4×4, 3×3) on NHWC data: each 4×4 block of output pixels
 * comes from a 6×6 input tile, and the 36 points of the transform domain each make one GEMM
 * {@code M[tiles, cout] = V[tiles, cin] · U[cin, cout]}, 4× fewer multiplications than the direct method.
 *
 * <p>A task ({@link WinogradTiling}) transforms its block of tiles into {@code V} (vectorised over channels), runs the
 * 36 GEMMs for its block of output channels with {@link CpuGemm#multiplyTile}, and transforms the products back,
 * adding bias and residual and applying ReLU as it writes the NHWC output. {@code V} and {@code M} live in buffers of
 * the thread, kept across calls. The filters {@code U} come from a {@link WinogradWeight} (transformed and packed
 * once) or, for raw HWIO weights, are transformed on every call into a buffer kept across calls.
 *
 * <p>Where a layer has few 4×4 tiles, F(2×2, 3×3) runs instead ({@link #choose}): the same steps with 2×2 output tiles
 * from 4×4 input tiles and 16 points.
 *
 * <p>Each output element is computed the same way whatever thread runs its task, so results are bit-identical
 * across schedules. Relative error against an exact conv stays within a few 1e-6 (see {@link WinogradTransforms}).
 */
final class WinogradConv {
  /** System property: {@code false} turns Winograd off, so that every 3×3 conv runs im2col + GEMM. */
  static final String PROPERTY = "jresnet.cpu.winograd";
  /**
   * Fewer input or output channels than this run im2col: the transforms would cost more than they save. (Measured:
   * 16 → 16 channels at 28×28, batch 128, already runs 2.3× faster by Winograd.)
   */
  static final int MIN_CHANNELS = 16;
  /**
   * Fewer 4×4 tiles over the batch than this run im2col: each call streams the transformed filters, 4× the size of
   * the weights, through GEMMs of only as many rows as tiles, and a remainder of rows below the micro-kernel's 14
   * runs on its slow edge path. Measured against im2col (one thread, CPU time, medians of alternating calls on a
   * loaded machine): 512 → 512 channels at 7×7 gave 0.6× (4 tiles, batch 1), 0.85–1.2× (8), 0.95–1.24× (12) and
   * 1.3× (32, batch 8). On two threads, alternating in one process, 256 → 256 at 14×14, batch 1 (16 tiles), took
   * 0.6× the time of im2col (1.2 against 2.0 ms, ResNet-50's layer3 at batch 1).
   */
  static final int MIN_TILES = 16;
  /**
   * Layers whose transformed filters would hold more floats than this (36 per weight: 4× the weights) run im2col.
   * ResNet-50's two 7×7×512 → 512 convs keep 75 MB of filters (made on the first call that runs Winograd, so at batch
   * 8 but not at batch 1, where they have 4 tiles): with their weights cycling through 6 copies, so that each call
   * reads them from memory as inside a forward, 2 threads, alternating per call, one took 8.0 against 12.8 ms by
   * im2col at batch 8; the serial collector's peak at batch 8 was 1.00× ONNX Runtime's before them, against the
   * 1.25× budget. Wider layers (1024 → 1024: 151 MB) stay on im2col.
   */
  static final long MAX_FILTER_FLOATS = 512L * 512 * WinogradTransforms.POSITIONS;
  /**
   * Layers with fewer 4×4 tiles than this over the batch run F(2×2, 3×3), if that gives them at least as many 2×2
   * tiles: their GEMMs have so few rows that streaming F(4×4)'s filters (36 floats per weight) costs more than the
   * multiplications F(2×2) adds (16 floats per weight, 1.8× the multiplications). ResNet-50's 14×14×256 3×3 convs at
   * batch 1 (16 tiles of 4×4, 49 of 2×2), weights cycling through 12 copies so that each call reads them from memory,
   * 2 threads, alternating per call: 0.97 against 1.39 ms; whole batch-1 forwards 35.9 against 36.4 ms (medians of
   * 40). A higher bound gains nothing: with F(2×2) up to 256 tiles, the 28×28×128 convs (49 tiles) ran 0.49 against
   * 0.50 ms and the 56×56×64 ones (196) 1.60 against 1.15.
   */
  static final int FEW_TILES = 32;

  private final CpuComputePool pool;
  private final boolean enabled;
  private final WinogradWorkspace[] workspaces;
  /** Filters of raw HWIO weights, transformed per call, row-major {@code [36][cin][cout]}. */
  private float[] rawFilters;
  /** The 36 matrices of {@link #rawFilters}, kept while its layout stays, so that calls allocate none. */
  private PanelRef[] rawPoints;

  /** Enabled unless the system property {@value #PROPERTY} is {@code false}. */
  WinogradConv(CpuComputePool pool) {
    this(pool, !"false".equalsIgnoreCase(System.getProperty(PROPERTY)));
  }

  WinogradConv(CpuComputePool pool, boolean enabled) {
    this.pool = pool;
    this.enabled = enabled;
    this.workspaces = new WinogradWorkspace[pool.threads()];
  }

  /** Whether this algorithm can compute a conv with these params at all: 3×3, stride 1, no dilation, one group. */
  static boolean supports(Conv2dParams p) {
    return p.kernelH() == 3
        && p.kernelW() == 3
        && p.strideH() == 1
        && p.strideW() == 1
        && p.dilationH() == 1
        && p.dilationW() == 1
        && p.groups() == 1;
  }

  /** Whether {@link #choose} picks an algorithm for this conv. */
  boolean chooses(ConvGeometry g) {
    return choose(g) != null;
  }

  /**
   * The algorithm {@link #run} should compute this conv with, or null for im2col: enabled, supported, enough channels
   * and tiles, filters within {@link #MAX_FILTER_FLOATS}, and tiles that the output fills well enough to save at least
   * half the multiplications of the direct method (a 2×2 output in a 4×4 tile saves none). F(4×4, 3×3) unless it has
   * fewer than {@link #FEW_TILES} tiles and F(2×2, 3×3) has at least that many.
   */
  WinogradVariant choose(ConvGeometry g) {
    if (!enabled || !supports(g.params()) || g.cin() < MIN_CHANNELS || g.cout() < MIN_CHANNELS
        || !worthIt(g, WinogradVariant.F4X4)) {
      return null;
    }
    if (tiles(g, WinogradVariant.F4X4) < FEW_TILES && tiles(g, WinogradVariant.F2X2) >= FEW_TILES
        && worthIt(g, WinogradVariant.F2X2)) {
      return WinogradVariant.F2X2;
    }
    return WinogradVariant.F4X4;
  }

  private static boolean worthIt(ConvGeometry g, WinogradVariant v) {
    if ((long) g.cin() * g.cout() * v.positions > MAX_FILTER_FLOATS) {
      return false;
    }
    long tilesPerImage = tilesPerImage(g, v);
    // Direct: 9 multiplications per output pixel; Winograd: one per point of each tile.
    long direct = 9L * g.oh() * g.ow();
    return tilesPerImage * g.n() >= MIN_TILES && direct >= 2L * v.positions * tilesPerImage;
  }

  private static long tiles(ConvGeometry g, WinogradVariant v) {
    return tilesPerImage(g, v) * g.n();
  }

  private static long tilesPerImage(ConvGeometry g, WinogradVariant v) {
    return (long) ceilDiv(g.oh(), v.out) * ceilDiv(g.ow(), v.out);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /**
   * {@code y = epilogue(conv(x, w))}: x NHWC {@code [n, h, w, cin]}, w HWIO {@code [3, 3, cin, cout]} (a
   * {@link WinogradWeight} or raw), y NHWC {@code [n, oh, ow, cout]}; shapes already checked by the caller.
   */
  void run(float[] x, CpuTensor w, ConvGeometry g, GemmEpilogue epilogue, float[] y) {
    run(x, w, g, epilogue, y, WinogradVariant.F4X4);
  }

  /** {@link #run(float[], CpuTensor, ConvGeometry, GemmEpilogue, float[])} by {@code variant}. */
  void run(float[] x, CpuTensor w, ConvGeometry g, GemmEpilogue epilogue, float[] y, WinogradVariant variant) {
    prepare(x, filters(w, g, variant), g, epilogue, y, variant).run();
  }

  /**
   * {@link #run} by {@code variant} with its filters {@code filters} (point {@code p}'s {@code [cin, cout]} matrix at
   * index {@code p}), ready to run as often as they and the arrays stay as they are.
   */
  Runnable prepare(
      float[] x, PanelRef[] filters, ConvGeometry g, GemmEpilogue epilogue, float[] y, WinogradVariant variant) {
    WinogradTiling tiling = WinogradTiling.choose(g, pool.threads(), variant);
    int positions = variant.positions;
    // One block of tiles: each column block of the filters goes to one task, streamed from memory once.
    PanelRef[] points =
        tiling.tileBlocks() == 1
            ? Arrays.stream(filters).map(PanelRef::streamedOnce).toArray(PanelRef[]::new)
            : filters;
    CpuComputePool.Task task =
        (t, participant) -> {
          WinogradWorkspace ws = workspace(participant);
          ws.ensure(tiling, g);
          int tileBlock = t / tiling.colBlocks();
          int c0 = (t % tiling.colBlocks()) * tiling.colBlock();
          int t0 = tileBlock * tiling.blockTiles();
          int count = Math.min(tiling.blockTiles(), tiling.tiles() - t0);
          int cols = Math.min(tiling.colBlock(), g.cout() - c0);
          for (int i = 0; i < count; i++) {
            transformInput(x, g, tiling, t0 + i, ws, i);
          }
          MatrixRef[] v = ws.inputPoints(g.cin(), positions);
          MatrixRef[] m = ws.productPoints(tiling.colBlock(), positions);
          for (int p = 0; p < positions; p++) {
            CpuGemm.multiplyTile(
                v[p],
                points[p],
                c0 / GemmMicroKernel.NR,
                m[p],
                count,
                cols,
                g.cin(),
                0,
                GemmEpilogue.NONE);
          }
          for (int i = 0; i < count; i++) {
            transformOutput(ws, tiling, g, t0 + i, i, c0, cols, epilogue, y);
          }
        };
    int tasks = tiling.tasks();
    return () -> pool.parallelFor(tasks, task);
  }

  /** {@code variant}'s filters: point {@code p}'s {@code [cin, cout]} matrix at index {@code p}. */
  private PanelRef[] filters(CpuTensor w, ConvGeometry g, WinogradVariant variant) {
    if (w instanceof WinogradWeight ww) {
      return ww.points(variant);
    }
    int cin = g.cin();
    int cout = g.cout();
    int positions = variant.positions;
    int size = Math.multiplyExact(positions, cin * cout);
    if (rawFilters == null || rawFilters.length < size) {
      rawFilters = new float[size];
    }
    float[] dst = rawFilters;
    float[] hwio = w.data();
    pool.parallelRange(
        cin, 8, (from, to, participant) -> {
          variant.filters(hwio, cin, cout, from, to, dst, 0, cin, workspace(participant).filterTmp);
        });
    if (rawPoints == null || rawPoints.length != positions || rawPoints[0].data() != dst
        || rawPoints[1].offset() != cin * cout || rawPoints[0].stride() != cout) {
      rawPoints = new PanelRef[positions];
      for (int p = 0; p < positions; p++) {
        rawPoints[p] = PanelRef.rowMajor(dst, p * cin * cout, cout);
      }
    }
    return rawPoints;
  }

  /**
   * Writes tile {@code tile}'s {@code V = Bᵀ d B} for every input channel to row {@code row} of the task's block in
   * {@code ws.v}. Pixels outside the input (padding, the ragged right and bottom tiles) read as zeros.
   */
  private static void transformInput(
      float[] x, ConvGeometry g, WinogradTiling tiling, int tile, WinogradWorkspace ws, int row) {
    WinogradVariant variant = tiling.variant();
    int in = variant.in;
    int positions = variant.positions;
    int perImage = tiling.tilesH() * tiling.tilesW();
    int n = tile / perImage;
    int ty = (tile % perImage) / tiling.tilesW();
    int tx = tile % tiling.tilesW();
    int h0 = ty * variant.out - g.params().padTop();
    int w0 = tx * variant.out - g.params().padLeft();
    int cin = g.cin();
    int ldv = WinogradWorkspace.ldv(cin, positions);
    for (int i = 0; i < in; i++) {
      int h = h0 + i;
      for (int j = 0; j < in; j++) {
        int w = w0 + j;
        boolean inside = h >= 0 && h < g.h() && w >= 0 && w < g.w();
        ws.source[i * in + j] = inside ? x : ws.zeros;
        ws.sourceOffset[i * in + j] = inside ? ((n * g.h() + h) * g.w() + w) * cin : 0;
      }
    }
    float[][] a = ws.source;
    int[] o = ws.sourceOffset;
    float[] tmp = ws.tmp;
    float[] v = ws.v;
    int bound = SPECIES.loopBound(cin);
    for (int c = 0; c < bound; c += LANES) {
      variant.inputTile(a, o, c, tmp, v, row * positions * ldv + c, ldv);
    }
    for (int c = bound; c < cin; c++) {
      for (int e = 0; e < positions; e++) {
        ws.scalarIn[e] = a[e][o[e] + c];
      }
      variant.inputScalar(ws.scalarIn, 0, ws.scalarOut, 0, ws.scalarTmp, 0);
      for (int e = 0; e < positions; e++) {
        v[(row * positions + e) * ldv + c] = ws.scalarOut[e];
      }
    }
  }

  /**
   * Writes the output pixels of tile {@code tile} (those inside the output) for channels
   * {@code [c0, c0 + cols)}: {@code Y = Aᵀ M A} from row {@code row} of each point's product in {@code ws.m}, then
   * the epilogue.
   */
  private static void transformOutput(
      WinogradWorkspace ws, WinogradTiling tiling, ConvGeometry g, int tile, int row, int c0, int cols, GemmEpilogue e,
      float[] y) {
    WinogradVariant variant = tiling.variant();
    int side = variant.out;
    int positions = variant.positions;
    int perImage = tiling.tilesH() * tiling.tilesW();
    int n = tile / perImage;
    int oy0 = ((tile % perImage) / tiling.tilesW()) * side;
    int ox0 = (tile % tiling.tilesW()) * side;
    int rowsOut = Math.min(side, g.oh() - oy0);
    int colsOut = Math.min(side, g.ow() - ox0);
    int ldm = WinogradWorkspace.ldm(tiling.colBlock(), positions);
    float[] m = ws.m;
    float[] tmp = ws.tmp;
    float[] out = ws.tile;
    float[] bias = e.bias() != null ? e.bias() : ws.zeros;
    float[] residual = e.residual() != null ? e.residual() : ws.zeros;
    boolean hasBias = e.bias() != null;
    boolean hasResidual = e.residual() != null;
    FloatVector floor = FloatVector.broadcast(SPECIES, e.relu() ? 0f : Float.NEGATIVE_INFINITY);
    int bound = SPECIES.loopBound(cols);
    for (int c = 0; c < bound; c += LANES) {
      variant.outputTile(m, row * positions * ldm + c, ldm, tmp, out);
      int column = c0 + c;
      FloatVector b = FloatVector.fromArray(SPECIES, bias, hasBias ? column : 0);
      for (int l = 0; l < rowsOut; l++) {
        for (int k = 0; k < colsOut; k++) {
          int yi = ((n * g.oh() + oy0 + l) * g.ow() + ox0 + k) * g.cout() + column;
          FloatVector r = FloatVector.fromArray(SPECIES, residual, hasResidual ? yi : 0);
          FloatVector.fromArray(SPECIES, out, (l * side + k) * LANES).add(b).add(r).max(floor).intoArray(y, yi);
        }
      }
    }
    for (int c = bound; c < cols; c++) {
      for (int p = 0; p < positions; p++) {
        ws.scalarIn[p] = m[(row * positions + p) * ldm + c];
      }
      variant.outputScalar(ws.scalarIn, 0, ws.scalarOut, 0, ws.scalarTmp, 0);
      for (int l = 0; l < rowsOut; l++) {
        for (int k = 0; k < colsOut; k++) {
          int yi = ((n * g.oh() + oy0 + l) * g.ow() + ox0 + k) * g.cout() + c0 + c;
          y[yi] = e.apply(ws.scalarOut[l * side + k], yi, c0 + c);
        }
      }
    }
  }

  private WinogradWorkspace workspace(int participant) {
    WinogradWorkspace ws = workspaces[participant];
    if (ws == null) {
      ws = new WinogradWorkspace();
      workspaces[participant] = ws;
    }
    return ws;
  }
}
