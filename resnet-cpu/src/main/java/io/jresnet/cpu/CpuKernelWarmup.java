package io.jresnet.cpu;

import static io.jresnet.cpu.GemmMicroKernel.LANES;
import static io.jresnet.cpu.GemmMicroKernel.NR;

import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.Pool2dParams;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;

/**
 * Has C2 compile the CPU backend's inference kernels once per JVM, on tiny operands, before the first tensor of a
 * CPU backend exists. Until C2 compiles a Vector API kernel, each vector operation runs the API's Java fallback,
 * which allocates an array per operation: a cold JVM's first batch-8 ResNet-50 forwards made 4.3 GB of such garbage
 * (JFR: the stem's kernel 1.45 GB, the GEMM micro-kernel 1.09 GB, Winograd's input transform 0.78 GB), took seconds
 * (a batch-1 forward 2.7–3.0 s instead of 0.07), and made G1 grow its heap for good: its young collections came so
 * often after the pauses of loading the weights that it sized the heap at 650–900 MB for ~250 MB of live data.
 *
 * <p>Each kernel is called on operands of a few floats until a call allocates next to nothing on this thread
 * ({@link #QUIET_BYTES}; C2's code of a kernel allocates nothing), slowing down once the JIT has queued it so that
 * the compiler threads get the cores and the garbage stays small; then one full collection hands back what the heap
 * grew by. That takes 2.2–3.1 s on two cores. The GEMM family is called directly; the paths around it (the stem,
 * in-place 1×1, strided 1×1, lowered k×k and narrow convs, both Winograd variants, max and global average pooling,
 * the small-batch dense layer) run through a private single-threaded backend, so that the compiled code has seen the
 * same callers. Training's kernels are left to warm up as a run goes.
 *
 * <p>Measured with ResNet-50 at 224×224 (2 threads, the JVM's default G1): the peak resident memory of loading and
 * five batch-8 forwards fell from 828–921 MB to 573–647 MB (four runs each), and the first forward took 0.23–0.32 s
 * instead of 2.5–3.1 s at batch 1 (0.70–0.94 instead of 3.1–3.6 s at batch 8); the warm-up's time moves to the first
 * tensor, so a process reaches its first result about as soon, and later forwards run as fast.
 *
 * <p>Set the system property {@value #PROPERTY} to {@code false} to skip it (for example in a process that opens a
 * CPU backend and never runs a model).
 */
final class CpuKernelWarmup {
  /** System property: {@code false} turns the warm-up off. */
  static final String PROPERTY = "jresnet.cpu.warmup";
  /**
   * Most bytes a checked call may allocate for its kernel to count as compiled. The Vector API's fallback allocates an
   * array per vector operation (KBs per call); a path through the compute pool may allocate a task object or two
   * where the JIT did not inline the pool's dispatch (as in a JVM whose pools also ran on several threads).
   */
  static final long QUIET_BYTES = 256;
  /**
   * Depth of the micro-kernels' warm-up calls. C2 shapes a loop by the trip counts it profiled: with 4 steps per call,
   * the GEMM micro-kernel then ran at 0.85–1.03 of an FMA loop's rate on cached data, against 1.00–1.13 when compiled
   * during real work (three JVMs each, alternating).
   */
  static final int WARM_DEPTH = 32;
  /** Calls between two allocation checks of a kernel while it has had fewer than {@link #SLOW_AFTER} calls. */
  static final int BURST = 200;
  /**
   * {@link #BURST} for the paths run through the backend, whose kernels C2 mostly has from the GEMM warm-up already:
   * checked after 20 calls instead of 200, the stem conv was quiet at the first check after 0.9 MB of garbage, where
   * its first 200 calls had made 600 MB (a call the fallback runs makes megabytes).
   */
  static final int BACKEND_BURST = 20;
  /**
   * Calls of a kernel after which the JIT has queued it for C2 (after 600 calls with many loop iterations each); from
   * then on it only has to be noticed compiled, so each check follows {@link #SLOW_BURST} calls and a pause that
   * leaves the cores to the compiler threads, and the warm-up's garbage, which made G1 grow the heap, slows to a
   * trickle.
   */
  static final int SLOW_AFTER = 1_000;
  /** Calls between two checks after {@link #SLOW_AFTER}. */
  static final int SLOW_BURST = 10;
  private static final long PAUSE_MILLIS = 2;
  /** Calls of each kernel where the JVM cannot count allocated bytes. */
  static final int UNCOUNTED_CALLS = 6_000;
  /** Most calls of one kernel: C2 compiled the kernels here after 2,400–7,500. */
  static final int MAX_CALLS = 30_000;
  /** Longest the whole warm-up may take, so that a JVM without C2 (-Xint) does not wait on it for long. */
  static final long BUDGET_NANOS = 15_000_000_000L;

  private static final Object LOCK = new Object();
  private static volatile boolean done;
  /** The thread running the warm-up: its own backend's allocations must not start another. */
  private static Thread running;

  /** What the warm-up did for one kernel. */
  record Warmed(String kernel, int calls, boolean compiled) {}

  private CpuKernelWarmup() {}

  /**
   * Runs the warm-up unless it ran (or runs, on this thread) already or {@value #PROPERTY} is {@code false}; other
   * threads wait until it is done.
   */
  static void ensure() {
    if (done) {
      return;
    }
    synchronized (LOCK) {
      if (done || running == Thread.currentThread()) {
        return;
      }
      running = Thread.currentThread();
      try {
        if (!"false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"))) {
          run(currentThreadAllocations());
          // The warm-up's garbage made the collector grow the heap's young generation; a full collection now, while
          // the heap holds next to nothing, hands that memory back before the weights arrive.
          System.gc();
        }
      } finally {
        running = null;
        done = true;
      }
    }
  }

  /**
   * Warms every kernel up, each until a call allocates next to nothing per {@code allocatedBytes} (this thread's
   * allocation counter; null when the JVM has none: then each kernel gets {@link #UNCOUNTED_CALLS} calls).
   */
  static List<Warmed> run(LongSupplier allocatedBytes) {
    long deadline = System.nanoTime() + BUDGET_NANOS;
    List<Warmed> report = new ArrayList<>();
    for (Kernel kernel : gemmKernels()) {
      report.add(untilCompiled(kernel.name, kernel.call, BURST, allocatedBytes, deadline, CpuKernelWarmup::pause));
    }
    try (CpuBackend backend = new CpuBackend(new CpuComputePool(1))) {
      for (Kernel kernel : backendKernels(backend)) {
        report.add(
            untilCompiled(kernel.name, kernel.call, BACKEND_BURST, allocatedBytes, deadline, CpuKernelWarmup::pause));
      }
    }
    return report;
  }

  /**
   * Calls {@code call} until one call allocates at most {@link #QUIET_BYTES} per {@code allocatedBytes}, or
   * {@link #MAX_CALLS} calls, or the deadline: checks after every {@code burst} calls, and after {@link #SLOW_AFTER}
   * calls after every {@link #SLOW_BURST} calls and a {@code pause}. Without a counter ({@code allocatedBytes} null),
   * {@link #UNCOUNTED_CALLS} calls.
   */
  static Warmed untilCompiled(
      String name, Runnable call, int burst, LongSupplier allocatedBytes, long deadlineNanos, Runnable pause) {
    if (allocatedBytes == null) {
      for (int i = 0; i < UNCOUNTED_CALLS; i++) {
        call.run();
      }
      return new Warmed(name, UNCOUNTED_CALLS, false);
    }
    int calls = 0;
    while (true) {
      boolean slow = calls >= SLOW_AFTER;
      if (slow) {
        pause.run();
      }
      for (int i = slow ? SLOW_BURST : burst; i > 0; i--) {
        call.run();
      }
      calls += slow ? SLOW_BURST : burst;
      long before = allocatedBytes.getAsLong();
      call.run();
      calls++;
      if (allocatedBytes.getAsLong() - before <= QUIET_BYTES) {
        return new Warmed(name, calls, true);
      }
      if (calls >= MAX_CALLS || System.nanoTime() - deadlineNanos > 0 || Thread.currentThread().isInterrupted()) {
        return new Warmed(name, calls, false);
      }
    }
  }

  /** The pause between slow bursts: a sleep, or nothing once the thread is interrupted. */
  private static void pause() {
    try {
      Thread.sleep(PAUSE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** This thread's allocated bytes, or null where the JVM cannot count them. */
  private static LongSupplier currentThreadAllocations() {
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
        && threads.isThreadAllocatedMemorySupported()
        && threads.isThreadAllocatedMemoryEnabled()) {
      return threads::getCurrentThreadAllocatedBytes;
    }
    return null;
  }

  private record Kernel(String name, Runnable call) {}

  /** The signature the register-tile kernels share ({@link GemmMicroKernel#full} and its smaller twins). */
  @FunctionalInterface
  private interface TileKernel {
    void tile(
        float[] a, int ai, int lda, float[] b, int bi, int ldb, int depth,
        float[] init, int ii, int ldi, float[] bias, int bo, float floor, float[] c, int ci, int ldc);
  }

  /** The GEMM micro-kernels and the Winograd tile transforms, each {@link #WARM_DEPTH} steps deep where it loops. */
  private static List<Kernel> gemmKernels() {
    int depth = WARM_DEPTH;
    int ld = 2 * NR;
    float[] a = filled(GemmMicroKernel.MR * ld);
    float[] b = filled(depth * ld + NR);
    float[] c = new float[GemmMicroKernel.MR * ld];
    float[] zeros = GemmMicroKernel.ZEROS;
    float relu = 0f;
    int[] taps = new int[depth];
    for (int k = 0; k < depth; k++) {
      taps[k] = k;
    }
    float[][] pixels = new float[WinogradTransforms.POSITIONS][];
    Arrays.fill(pixels, filled(LANES));
    int[] pixelOffsets = new int[WinogradTransforms.POSITIONS];
    float[] tile = new float[WinogradTransforms.POSITIONS * LANES];
    float[] points = new float[WinogradTransforms.POSITIONS * LANES];
    List<Kernel> kernels = new ArrayList<>();
    // Every register-tile kernel takes the same arguments: a few rows of A, B, C and the ReLU epilogue.
    BiFunction<String, TileKernel, Kernel> tileKernel = (name, kernel) ->
        new Kernel(name, () -> kernel.tile(a, 0, ld, b, 0, ld, depth, zeros, 0, 0, zeros, 0, relu, c, 0, ld));
    if (GemmMicroKernel.FULL_TILE_FITS) {
      kernels.add(tileKernel.apply("gemm 14 rows", GemmMicroKernel::full));
      kernels.add(new Kernel("stem tile", () ->
          TapTileKernel.full(a, 0, taps, b, 0, NR, depth, zeros, 0, 0, zeros, 0, relu, c, 0, NR)));
    }
    kernels.add(tileKernel.apply("gemm 6 rows", GemmMicroKernel::sixRows));
    kernels.add(tileKernel.apply("gemm 7 rows", GemmFewRowsKernel::sevenRows));
    kernels.add(tileKernel.apply("gemm 4 rows", GemmFewRowsKernel::fourRows));
    kernels.add(tileKernel.apply("gemm 2 rows", GemmFewRowsKernel::twoRows));
    kernels.add(tileKernel.apply("gemm narrow", GemmNarrowKernel::tile));
    kernels.add(new Kernel("gemm edge", () -> {
      GemmEdgeKernel.edge(a, 0, ld, 1, b, 0, ld, depth, NR, zeros, 0, 0, zeros, 0, relu, c, 0, ld);
      GemmEdgeKernel.edge(a, 0, ld, 1, b, 0, ld, depth, LANES, zeros, 0, 0, zeros, 0, relu, c, 0, ld);
    }));
    kernels.add(new Kernel("read ahead", () -> CpuGemm.pullIntoCache(b, 0, depth * NR)));
    kernels.add(new Kernel("winograd tiles", () -> {
      WinogradTransforms.inputTile(pixels, pixelOffsets, 0, tile, points, 0, LANES);
      WinogradTransforms.outputTile(points, 0, LANES, tile, c);
    }));
    return kernels;
  }

  /** The paths around the micro-kernels, each a call of {@code backend}'s on tensors of a few pixels. */
  private static List<Kernel> backendKernels(CpuBackend backend) {
    List<Kernel> kernels = new ArrayList<>();
    kernels.add(conv(backend, "stem conv", Shape.nhwc(1, 28, 28, 3), 7, 2, 3, 32, false));
    kernels.add(conv(backend, "1x1 conv, residual", Shape.nhwc(1, 14, 14, 64), 1, 1, 0, 64, true));
    kernels.add(conv(backend, "strided 1x1 conv", Shape.nhwc(1, 28, 28, 32), 1, 2, 0, 64, false));
    kernels.add(conv(backend, "lowered 3x3 conv", Shape.nhwc(1, 14, 14, 32), 3, 2, 1, 64, false));
    kernels.add(conv(backend, "narrow 3x3 conv", Shape.nhwc(1, 8, 8, 16), 3, 1, 1, 16, false));
    kernels.add(conv(backend, "winograd 4x4 conv", Shape.nhwc(1, 32, 32, 16), 3, 1, 1, 64, true));
    kernels.add(conv(backend, "winograd 2x2 conv", Shape.nhwc(1, 16, 16, 16), 3, 1, 1, 64, false));
    Tensor pooled = backend.allocate(Shape.nhwc(1, 4, 4, 64));
    Tensor features = backend.allocate(Shape.of(1, 64));
    Tensor image = backend.fromHost(filled(8 * 8 * 64), Shape.nhwc(1, 8, 8, 64));
    Pool2dParams window = Pool2dParams.square(3, 2, 1);
    kernels.add(new Kernel("max pool", () -> backend.pool().maxPool2d(image, window, pooled)));
    kernels.add(new Kernel("global average pool", () -> backend.pool().globalAvgPool(pooled, features)));
    Tensor weight = backend.fromHost(filled(64 * 40), Shape.of(64, 40));
    Tensor bias = backend.fromHost(filled(40), Shape.of(40));
    Tensor logits = backend.allocate(Shape.of(1, 40));
    kernels.add(new Kernel("dense", () -> backend.dense().dense(features, weight, bias, logits)));
    // A batch of a few rows adds four weight rows per pass (SmallBatchDense.FOUR_ROWS_MIN_BATCH).
    Tensor batchFeatures = backend.fromHost(filled(SmallBatchDense.FOUR_ROWS_MIN_BATCH * 64),
        Shape.of(SmallBatchDense.FOUR_ROWS_MIN_BATCH, 64));
    Tensor batchLogits = backend.allocate(Shape.of(SmallBatchDense.FOUR_ROWS_MIN_BATCH, 40));
    kernels.add(
        new Kernel("dense, a few rows", () -> backend.dense().dense(batchFeatures, weight, bias, batchLogits)));
    return kernels;
  }

  private static Kernel conv(
      CpuBackend backend, String name, Shape input, int kernel, int stride, int padding, int cout, boolean residual) {
    Conv2dParams params = Conv2dParams.square(kernel, stride, padding);
    int cin = input.dim(3);
    Tensor x = backend.fromHost(filled(input.size()), input);
    Tensor hwio = backend.fromHost(filled(kernel * kernel * cin * cout), Shape.of(kernel, kernel, cin, cout));
    Tensor w = backend.prepareConvWeight(hwio, params);
    Tensor bias = backend.fromHost(filled(cout), Shape.of(cout));
    Tensor y = backend.allocate(
        Shape.nhwc(1, params.outputH(input.dim(1)), params.outputW(input.dim(2)), cout));
    // A residual conv adds into its own output, as a bottleneck's last conv does in a model bound for inference.
    return new Kernel(name, () -> backend.conv().conv2d(x, w, bias, params, residual ? y : null, true, y));
  }

  /** Small values that stay finite through any number of warm-up calls that feed on their own outputs. */
  private static float[] filled(int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (i % 7 - 3) * 1e-3f;
    }
    return values;
  }
}
