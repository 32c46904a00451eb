package io.jresnet.cpu;

import static io.jresnet.cpu.GemmMicroKernel.NR;

import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.ConvKernels;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;

/**
 * NHWC convolution as a GEMM per group: {@code Y[pixels, cout/g] = A[pixels, kh*kw*cin/g] · W[kh*kw*cin/g, cout/g]}.
 *
 * <ul>
 *   <li>1×1, stride 1, no padding: A is the input itself, read in place ({@code [n*h*w, cin]}, row stride cin).
 *   <li>1×1 strided, no padding (the projection shortcuts): A is read in place too, as one run of rows per output
 *       row ({@link CpuGemm#multiplyTileRuns}, row stride {@code strideW * cin}), where output rows are whole
 *       register tiles ({@link #readsStridedRunsInPlace}); other strided 1×1 convs lower like k×k.
 *   <li>few input channels and a window of several rows (the stem on RGB images): {@link StemConv}, direct, one GEMM
 *       per kernel row read in place from a copy of the input with zero left and right borders.
 *   <li>one or two vectors of output channels (ResNet-20's 16 and 32) at stride 1, or with a window of several rows
 *       at stride 2: {@link NarrowConv}, direct, without im2col.
 *   <li>stride 1 on images of a few pixels with deep inputs: {@link SmallImageConv}, one GEMM per output position and
 *       tap inside the input, on a pixel-major copy of the input (im2col would multiply the padding's zeros).
 *   <li>everything else (k×k, strided 1×1): each task lowers its block of output pixels with {@link Im2col} into a
 *       buffer owned by its thread and reused across calls; when the tiling splits columns too (few output pixels,
 *       as at batch 1 in the late stages), the whole A is lowered once, in parallel, into one shared buffer instead
 *       of once per column block.
 *   <li>depthwise (one input and one output channel per group): {@link CpuDepthwiseConv2d}, vectorised over
 *       channels, since a one-column GEMM would waste the micro-kernel.
 * </ul>
 *
 * Weights come as packed panels ({@link CpuPackedConvWeight}) or as raw HWIO read in place. Bias, residual and ReLU
 * are applied by the GEMM micro-kernels to their accumulators before the single store of each output tile.
 */
final class CpuConv2d implements ConvKernels {
  private static final String KERNEL = "conv2d";

  private final CpuComputePool pool;
  private final KernelArgs args;
  /** Per-participant im2col buffers, grown on demand and kept; regions are serialised, so no two users share one. */
  private final float[][] scratch;
  /** The whole A of a call whose column blocks share it, grown on demand and kept. */
  private float[] lowered;
  private final Object loweredLock = new Object();
  private final CpuConvBackwardData backwardData;
  private final CpuConvBackwardFilter backwardFilter;
  private final WinogradConv winograd;
  private final NarrowConv narrow;
  private final SmallImageConv smallImage;
  private final StemConv stem;
  /** The residual's copy for a path that is not in-place safe, grown on demand, used under its lock. */
  private float[] residualCopy = new float[0];
  private final Object residualCopyLock = new Object();
  /** See {@link #rowBlocksOnly}. */
  private static final int MIN_ROW_UNITS_PER_THREAD = 4;
  /** See {@link #copiesAliasedRowsOnce}. */
  private static final int MIN_COLUMN_BLOCKS_TO_LOWER = 4;
  /** See {@link #rowBlocksOnly}: ResNet-50's 3×3 weights up to 256 → 256 channels (590 K floats). */
  private static final long MAX_ROWS_ONLY_WEIGHTS = 1L << 20;

  CpuConv2d(CpuComputePool pool, KernelArgs args) {
    this.pool = pool;
    this.args = args;
    this.scratch = new float[pool.threads()][];
    this.backwardData = new CpuConvBackwardData(pool);
    this.backwardFilter = new CpuConvBackwardFilter(pool);
    this.winograd = new WinogradConv(pool);
    this.narrow = new NarrowConv(pool);
    this.smallImage = new SmallImageConv(pool);
    this.stem = new StemConv(pool);
  }

  /**
   * Whether {@code g} runs {@link NarrowConv} (unless {@link StemConv} does): one or two vectors of output channels,
   * {@link NarrowConv#applies its strides}, and not a plain 1×1 conv (that reads its input in place as the GEMM's A,
   * with nothing to lower).
   */
  static boolean runsNarrow(ConvGeometry g) {
    return NarrowConv.applies(g) && !g.inputIsGemmRows();
  }

  /** Whether a conv with these weights runs depthwise: one input channel per group and one output per group. */
  static boolean isDepthwise(int inputsPerGroup, int cout, int groups) {
    return groups > 1 && inputsPerGroup == 1 && cout == groups;
  }

  @Override
  public void conv2d(
      Tensor x, Tensor weight, Tensor bias, Conv2dParams params, Tensor residual, boolean relu, Tensor y) {
    CpuTensor xt = args.require(x, KERNEL, "x");
    CpuTensor wt = args.require(weight, KERNEL, "weight");
    CpuTensor bt = args.optional(bias, KERNEL, "bias");
    CpuTensor rt = args.optional(residual, KERNEL, "residual");
    CpuTensor yt = args.require(y, KERNEL, "y");
    if (params == null) {
      throw new IllegalArgumentException(KERNEL + ": params is null");
    }
    if (wt.lastCall instanceof ConvCall call
        && call.matches(xt, bt, rt, relu, yt, params)
        && call.weightKey() == weightKey(wt, call.path(), params.groups())) {
      call.run().run();
      return;
    }
    ConvGeometry g = geometry(KERNEL, "x", xt, "weight", wt, params);
    Shape outShape = Shape.nhwc(g.n(), g.oh(), g.ow(), g.cout());
    KernelArgs.requireShape(yt, outShape, KERNEL, "y");
    if (bt != null) {
      KernelArgs.requireShape(bt, Shape.of(g.cout()), KERNEL, "bias");
    }
    if (rt != null) {
      KernelArgs.requireShape(rt, outShape, KERNEL, "residual");
    }
    KernelArgs.requireDistinct(yt, xt, KERNEL, "y", "x");
    if (g.rows() == 0 || g.cout() == 0) {
      return;
    }
    float[] b = bt == null ? null : bt.data();
    Path path = path(g);
    if (rt != null && rt.data() == yt.data() && !path.readsResidualFirst()) {
      synchronized (residualCopyLock) {
        prepare(path, xt, wt, g, new GemmEpilogue(b, copyOfResidual(rt), relu), yt).run();
      }
      return;
    }
    GemmEpilogue epilogue =
        b == null && rt == null && !relu ? GemmEpilogue.NONE : new GemmEpilogue(b, rt == null ? null : rt.data(), relu);
    Runnable run = prepare(path, xt, wt, g, epilogue, yt);
    // Kept only on prepared weights, which a model closes with its activation buffers: a raw weight (a training
    // parameter) may outlive them, and the call would keep their arrays alive.
    if (wt instanceof CpuPackedConvWeight) {
      wt.lastCall =
          new ConvCall(
              xt.data(), xt.shape(), params, b, epilogue.residual(), relu, yt.data(), yt.shape(), path,
              weightKey(wt, path, params.groups()), run);
    }
    run.run();
  }

  /**
   * The algorithms {@link #conv2d} chooses from, in the order it tries them. Only some read each residual element
   * before they write the output element at its index and no other, so that the output may be the residual: the
   * GEMM micro-kernels (the residual is their accumulators' start), {@link StemConv}, Winograd's output transform and
   * {@link NarrowConv} (its tiles write a row to a buffer first). {@link SmallImageConv} and the depthwise conv write
   * the output first and add the residual after, so they get a copy of it.
   */
  enum Path {
    DEPTHWISE(false, false),
    STEM(true, true),
    NARROW(true, false),
    WINOGRAD(true, false),
    /** Winograd's F(2×2, 3×3) ({@link WinogradConv#choose}). */
    WINOGRAD_2X2(true, false),
    SMALL_IMAGE(false, true),
    GEMM(true, true);

    private final boolean readsResidualFirst;
    private final boolean readsPanels;

    Path(boolean readsResidualFirst, boolean readsPanels) {
      this.readsResidualFirst = readsResidualFirst;
      this.readsPanels = readsPanels;
    }

    boolean readsResidualFirst() {
      return readsResidualFirst;
    }

    /** The Winograd algorithm of this path, or null. */
    WinogradVariant winograd() {
      return this == WINOGRAD ? WinogradVariant.F4X4 : this == WINOGRAD_2X2 ? WinogradVariant.F2X2 : null;
    }
  }

  private Path path(ConvGeometry g) {
    if (isDepthwise(g.inputsPerGroup(), g.cout(), g.groups())) {
      return Path.DEPTHWISE;
    } else if (StemConv.applies(g)) {
      // Before the narrow path, which a stem of 32 output channels would also take: the stem's tile reads the RGB
      // input in place.
      return Path.STEM;
    } else if (runsNarrow(g)) {
      return Path.NARROW;
    } else if (winograd.choose(g) instanceof WinogradVariant variant) {
      return variant == WinogradVariant.F4X4 ? Path.WINOGRAD : Path.WINOGRAD_2X2;
    } else if (SmallImageConv.applies(g)) {
      return Path.SMALL_IMAGE;
    }
    return Path.GEMM;
  }

  /** What {@code path} reads of the weight: its panels, its Winograd filters or its HWIO array. */
  private static Object weightKey(CpuTensor w, Path path, int groups) {
    if (path.winograd() != null && w instanceof WinogradWeight ww) {
      return ww.points(path.winograd());
    }
    if (path.readsPanels && w instanceof CpuPackedConvWeight pw && pw.groups() == groups && pw.panels() != null) {
      return pw.panels();
    }
    return w.data();
  }

  /**
   * The call, ready to run: the paths ResNet-50's inference takes (GEMM, Winograd on prepared weights, the stem)
   * make their tasks here, once; the others make theirs when run.
   */
  private Runnable prepare(Path path, CpuTensor xt, CpuTensor wt, ConvGeometry g, GemmEpilogue e, CpuTensor yt) {
    float[] x = xt.data();
    float[] y = yt.data();
    return switch (path) {
      case DEPTHWISE -> {
        float[] w = wt.data();
        yield () -> CpuDepthwiseConv2d.run(pool, x, w, g, e, y);
      }
      case NARROW -> {
        float[] w = wt.data();
        yield narrow.prepare(x, w, g, e, y);
      }
      case WINOGRAD, WINOGRAD_2X2 -> {
        WinogradVariant variant = path.winograd();
        yield wt instanceof WinogradWeight ww
            ? winograd.prepare(x, ww.points(variant), g, e, y, variant)
            : () -> winograd.run(x, wt, g, e, y, variant);
      }
      case STEM -> stem.prepare(x, weightPanels(wt, g).group(0, g.cout(), g.cout()), g, e, y);
      case SMALL_IMAGE -> {
        PanelRef w = weightPanels(wt, g).group(0, g.cout(), g.cout());
        yield () -> smallImage.run(x, w, g, e, y);
      }
      case GEMM -> prepareGemm(x, weightPanels(wt, g), g, e, y);
    };
  }

  /** {@code y} may be the residual: the paths that do not read it first get a copy (see {@link Path}). */
  @Override
  public boolean residualInPlace() {
    return true;
  }

  /** A copy of the residual for a path that writes the output, here the residual itself, before it reads it. */
  private float[] copyOfResidual(CpuTensor residual) {
    float[] data = residual.data();
    if (residualCopy.length < data.length) {
      residualCopy = new float[data.length];
    }
    System.arraycopy(data, 0, residualCopy, 0, data.length);
    return residualCopy;
  }

  @Override
  public void conv2dBackwardData(Tensor dy, Tensor weight, Conv2dParams params, Tensor dx) {
    String kernel = "conv2dBackwardData";
    CpuTensor dyt = args.require(dy, kernel, "dy");
    CpuTensor wt = args.require(weight, kernel, "weight");
    CpuTensor dxt = args.require(dx, kernel, "dx");
    if (params == null) {
      throw new IllegalArgumentException(kernel + ": params is null");
    }
    ConvGeometry g = geometry(kernel, "dx", dxt, "weight", wt, params);
    KernelArgs.requireShape(dyt, Shape.nhwc(g.n(), g.oh(), g.ow(), g.cout()), kernel, "dy");
    KernelArgs.requireDistinct(dxt, dyt, kernel, "dx", "dy");
    KernelArgs.requireDistinct(dxt, wt, kernel, "dx", "weight");
    backwardData.run(dyt.data(), wt.data(), g, dxt.data());
  }

  @Override
  public void conv2dBackwardFilter(Tensor x, Tensor dy, Conv2dParams params, Tensor dWeight, Tensor dBias) {
    String kernel = "conv2dBackwardFilter";
    CpuTensor xt = args.require(x, kernel, "x");
    CpuTensor dyt = args.require(dy, kernel, "dy");
    CpuTensor dwt = args.require(dWeight, kernel, "dWeight");
    CpuTensor dbt = args.optional(dBias, kernel, "dBias");
    if (params == null) {
      throw new IllegalArgumentException(kernel + ": params is null");
    }
    if (dwt instanceof CpuPackedConvWeight) {
      throw new IllegalArgumentException(
          kernel + ": dWeight is a prepared conv weight (prepareConvWeight); pass a plain tensor from allocate");
    }
    ConvGeometry g = geometry(kernel, "x", xt, "dWeight", dwt, params);
    KernelArgs.requireShape(dyt, Shape.nhwc(g.n(), g.oh(), g.ow(), g.cout()), kernel, "dy");
    if (dbt != null) {
      KernelArgs.requireShape(dbt, Shape.of(g.cout()), kernel, "dBias");
    }
    KernelArgs.requireDistinct(dwt, xt, kernel, "dWeight", "x");
    KernelArgs.requireDistinct(dwt, dyt, kernel, "dWeight", "dy");
    backwardFilter.run(xt.data(), dyt.data(), g, dwt.data());
    if (dbt != null) {
      double[] sums = ChannelSums.sums(pool, dyt.data(), g.rows(), g.cout());
      float[] out = dbt.data();
      for (int c = 0; c < out.length; c++) {
        out[c] = (float) sums[c];
      }
    }
  }

  /** Checks x (or dx) against the weights and params; messages name {@code kernel} and the arguments. */
  private static ConvGeometry geometry(
      String kernel, String xName, CpuTensor x, String wName, CpuTensor w, Conv2dParams p) {
    KernelArgs.requireRank(x, 4, "NHWC", kernel, xName);
    KernelArgs.requireRank(w, 4, "HWIO [kh, kw, cin/groups, cout]", kernel, wName);
    Shape xs = x.shape();
    Shape ws = w.shape();
    if (ws.dim(0) != p.kernelH() || ws.dim(1) != p.kernelW()) {
      throw new IllegalArgumentException(
          kernel + ": " + wName + " " + ws + " is a " + ws.dim(0) + "x" + ws.dim(1) + " kernel but params say "
              + p.kernelH() + "x" + p.kernelW());
    }
    int cin = xs.dim(3);
    if (cin % p.groups() != 0) {
      throw new IllegalArgumentException(
          kernel + ": groups=" + p.groups() + " does not divide the " + cin + " channels of " + xName + " " + xs);
    }
    if (ws.dim(2) != cin / p.groups()) {
      Shape expected = Shape.of(ws.dim(0), ws.dim(1), cin / p.groups(), ws.dim(3));
      throw new IllegalArgumentException(
          kernel + ": " + wName + " has shape " + ws + ", expected " + expected + " (" + xName + " has " + cin
              + " channels, groups=" + p.groups() + ")");
    }
    int cout = ws.dim(3);
    if (cout % p.groups() != 0) {
      throw new IllegalArgumentException(
          kernel + ": " + wName + " " + ws + " has " + cout + " output channels, not divisible by groups="
              + p.groups());
    }
    int oh = p.outputH(xs.dim(1));
    int ow = p.outputW(xs.dim(2));
    if (oh < 1 || ow < 1) {
      throw new IllegalArgumentException(
          kernel + ": the " + p.kernelH() + "x" + p.kernelW() + " window does not fit " + xName + " " + xs
              + " with this padding and dilation (output would be " + oh + "x" + ow + ")");
    }
    return new ConvGeometry(xs.dim(0), xs.dim(1), xs.dim(2), cin, oh, ow, cout, p);
  }

  /** Group {@code g}'s B starts at {@code offset + g * groupStride}. */
  private record WeightPanels(float[] data, int groupStride, boolean packed) {
    /** Group {@code group}'s B: {@code cols} columns, of a layer with {@code cout} outputs in all. */
    PanelRef group(int group, int cols, int cout) {
      int offset = group * groupStride;
      return packed ? PanelRef.packed(data, offset, cols) : PanelRef.rowMajor(data, offset, cout);
    }
  }

  private static WeightPanels weightPanels(CpuTensor w, ConvGeometry g) {
    if (w instanceof CpuPackedConvWeight pw && pw.groups() == g.groups() && pw.panels() != null) {
      return new WeightPanels(pw.panels(), pw.groupStride(), true);
    }
    return new WeightPanels(w.data(), g.outputsPerGroup(), false);
  }

  private Runnable prepareGemm(float[] x, WeightPanels w, ConvGeometry g, GemmEpilogue epilogue, float[] y) {
    GemmTiling tiling = GemmTiling.choose(g.rows(), g.outputsPerGroup(), g.groups(), pool.threads());
    boolean readsInPlace = g.inputIsGemmRows() || readsStridedRunsInPlace(g);
    boolean inPlace = readsInPlace && !copiesAliasedRowsOnce(g, tiling);
    if (!readsInPlace && tiling.colBlocks() > 1) {
      tiling = rowBlocksOnly(g, tiling);
    }
    int tasks = g.groups() * tiling.tasksPerGroup();
    if (inPlace || tiling.colBlocks() == 1) {
      CpuComputePool.Task task = gemmTask(x, w, g, epilogue, y, tiling, false);
      return () -> pool.parallelFor(tasks, task);
    }
    // Split columns share their rows of A: lower them once, in parallel, instead of once per column block. The
    // buffer outlives one parallel region, so concurrent callers take turns.
    int ld = im2colStride(g.depth());
    int rows = g.rows();
    CpuComputePool.RangeTask lower =
        (from, to, participant) -> {
          for (int r = from; r < to; ) {
            int group = r / rows;
            int end = Math.min(to, (group + 1) * rows);
            Im2col.fill(x, g, group, r - group * rows, end - group * rows, lowered, r * ld, ld);
            r = end;
          }
        };
    CpuComputePool.Task task = gemmTask(x, w, g, epilogue, y, tiling, true);
    int size = Math.multiplyExact(Math.multiplyExact(g.groups(), rows), ld);
    return () -> {
      synchronized (loweredLock) {
        if (lowered == null || lowered.length < size) {
          lowered = new float[size];
        }
        pool.parallelRange(g.groups() * rows, GemmMicroKernel.MR, lower);
        pool.parallelFor(tasks, task);
      }
    };
  }

  /**
   * Whether a 1×1 conv that could read its input in place copies it once instead, into {@link #lowered}'s padded
   * rows: where its rows {@linkplain CpuGemm#rowsAlias alias} in L1 and the tiling splits the columns
   * {@link #MIN_COLUMN_BLOCKS_TO_LOWER} or more ways, each of which would otherwise copy the same rows again
   * (ResNet-50's 1024- and 2048-channel 1×1 convs at batch 1: 196 rows in 8 column blocks, 49 rows in 16; 7×7×2048
   * → 512 at batch 8: 392 rows in 4 row by 4 column blocks). Two builds, one JVM after the other, three times, 2
   * threads, inputs and weights cycling through copies: batch 1, 14×14×1024 → 512 1.04–1.06 against 1.11–1.16 ms,
   * 28×28×512 → 1024/2 1.04–1.09 against 1.12–1.23, 7×7×2048 → 512 0.58–0.60 against 0.63–0.69, 14×14×1024 → 256
   * 0.53 against 0.55–0.59; batch 8, 7×7×2048 → 512 4.03–4.06 against 4.41–4.55 ms. Lowering where the columns
   * split only two ways (the other such convs at batch 8) changed nothing beyond the noise; they copy per register
   * tile, in L1 ({@link CpuGemm#rowsAlias}).
   */
  static boolean copiesAliasedRowsOnce(ConvGeometry g, GemmTiling tiling) {
    int lda = g.inputIsGemmRows() ? g.cin() : g.params().strideW() * g.cin();
    return g.groups() == 1 && tiling.colBlocks() >= MIN_COLUMN_BLOCKS_TO_LOWER && CpuGemm.rowsAlias(lda);
  }

  /**
   * For a lowered conv whose tiling splits columns: whole rows per task instead, when there are at least
   * {@link #MIN_ROW_UNITS_PER_THREAD} register tiles of rows per thread and the weights are small enough
   * ({@link #MAX_ROWS_ONLY_WEIGHTS}) for every task to stream all of them. Split columns share one lowered A of the
   * whole call, written past L2 and read back from memory (3.6 MB for ResNet-50's 56→28 3×3 conv at batch 1);
   * row blocks lower their own rows into a buffer that stays in L2. That conv, 2 threads, alternating per call:
   * 1.90 against 2.07 ms and 1.94 against 2.54 ms in two runs; with weights of 2.4 M floats (the 7×7×512 convs at
   * batch 8) the split columns were 3–5% faster, each task streaming a quarter of them.
   */
  private GemmTiling rowBlocksOnly(ConvGeometry g, GemmTiling split) {
    int threads = pool.threads();
    int units = GemmTiling.ceilDiv(g.rows(), GemmMicroKernel.MR);
    if (g.groups() != 1
        || units < MIN_ROW_UNITS_PER_THREAD * threads
        || (long) g.depth() * g.outputsPerGroup() > MAX_ROWS_ONLY_WEIGHTS) {
      return split;
    }
    int blocks = Math.min(units, GemmTiling.TASKS_PER_THREAD * threads);
    return new GemmTiling(g.rows(), g.outputsPerGroup(), blocks - blocks % threads, 1);
  }

  /**
   * The task of each row and column block of every group's GEMM; with {@code fromLowered}, A is {@link #lowered} (the
   * whole A of the call, group {@code i}'s row {@code r} at {@code (i * rows + r) * ld}, filled by the caller under
   * {@link #loweredLock}), else read in place or lowered per task.
   */
  private CpuComputePool.Task gemmTask(
      float[] x, WeightPanels w, ConvGeometry g, GemmEpilogue epilogue, float[] y, GemmTiling tiling,
      boolean fromLowered) {
    int rows = g.rows();
    int cols = g.outputsPerGroup();
    int depth = g.depth();
    boolean inPlace = g.inputIsGemmRows();
    boolean runs = readsStridedRunsInPlace(g);
    int ld = im2colStride(depth);
    PanelRef[] panels = new PanelRef[g.groups()];
    for (int group = 0; group < panels.length; group++) {
      PanelRef groupPanels = w.group(group, cols, g.cout());
      // One row block: each panel goes to one task, streamed from memory once.
      panels[group] = tiling.rowBlocks() == 1 ? groupPanels.streamedOnce() : groupPanels;
    }
    return (task, participant) -> {
      int group = tiling.groupOf(task);
      int rb = tiling.rowBlockOf(task);
      int cb = tiling.colBlockOf(task);
      int r0 = tiling.rowStart(rb);
      int r1 = tiling.rowEnd(rb);
      int c0 = tiling.colStart(cb);
      int column = group * cols + c0;
      PanelRef b = panels[group];
      int cOffset = r0 * g.cout() + column;
      int tileCols = tiling.colEnd(cb) - c0;
      if (fromLowered) {
        CpuGemm.multiplyTile(
            lowered, (group * rows + r0) * ld, ld, b, c0 / NR, y, cOffset, g.cout(), r1 - r0, tileCols, depth,
            column, epilogue);
      } else if (runs) {
        Conv2dParams p = g.params();
        CpuGemm.multiplyTileRuns(
            x, group * g.inputsPerGroup(), p.strideW() * g.cin(), g.ow(), p.strideH() * g.w() * g.cin(), r0, b,
            c0 / NR, y, cOffset, g.cout(), r1 - r0, tileCols, depth, column, epilogue);
      } else if (inPlace) {
        CpuGemm.multiplyTileRowsFirst(
            x, r0 * g.cin() + group * g.inputsPerGroup(), g.cin(), b, c0 / NR, y, cOffset, g.cout(), r1 - r0,
            tileCols, depth, column, epilogue);
      } else {
        float[] buffer = ThreadBuffers.atLeast(scratch, participant, tiling.maxBlockRows() * ld);
        Im2col.fill(x, g, group, r0, r1, buffer, ld);
        CpuGemm.multiplyTile(
            buffer, 0, ld, b, c0 / NR, y, cOffset, g.cout(), r1 - r0, tileCols, depth, column, epilogue);
      }
    };
  }

  /**
   * Whether a strided 1×1 conv reads its input in place as row runs: no padding, the input height is exactly
   * {@code strideH} output rows (so output row {@code q} of the whole batch starts at input row {@code q * strideH}),
   * output rows are whole {@link GemmMicroKernel#MR}-row tiles (ResNet-50's 28- and 14-pixel rows; 7-pixel rows
   * lower) and the output channels of a group whole {@link GemmMicroKernel#NR}-column panels.
   */
  static boolean readsStridedRunsInPlace(ConvGeometry g) {
    Conv2dParams p = g.params();
    return p.kernelH() == 1
        && p.kernelW() == 1
        && !g.inputIsGemmRows()
        && p.padTop() == 0
        && p.padBottom() == 0
        && p.padLeft() == 0
        && p.padRight() == 0
        && g.h() == g.oh() * p.strideH()
        && g.ow() % GemmMicroKernel.MR == 0
        && g.outputsPerGroup() % NR == 0;
  }

  /**
   * Row stride of im2col buffers: the depth, padded by one vector where rows that far apart would {@linkplain
   * CpuGemm#rowsAlias alias} in L1 (they evict each other while the micro-kernel reads 14 of them at once).
   */
  static int im2colStride(int depth) {
    return CpuGemm.rowsAlias(depth) ? depth + GemmMicroKernel.LANES : depth;
  }
}
