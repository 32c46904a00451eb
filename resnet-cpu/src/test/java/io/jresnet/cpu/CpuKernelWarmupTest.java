package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class CpuKernelWarmupTest {
  private static final long NO_DEADLINE = Long.MAX_VALUE / 4;

  /**
   * A kernel that "allocates" 4 KiB on each of its first {@code coldCalls} calls, as the Vector API does before C2, and
   * a few bytes on every call after, as a pool's task object may.
   */
  private record FakeKernel(AtomicInteger calls, AtomicLong allocated, int coldCalls) implements Runnable {
    FakeKernel(int coldCalls) {
      this(new AtomicInteger(), new AtomicLong(), coldCalls);
    }

    @Override
    public void run() {
      allocated.addAndGet(calls.incrementAndGet() <= coldCalls ? 4096 : 32);
    }
  }

  @Test
  void stopsAtTheFirstCheckedCallThatAllocatesNextToNothing() {
    FakeKernel kernel = new FakeKernel(700);
    AtomicInteger pauses = new AtomicInteger();
    CpuKernelWarmup.Warmed warmed = warmWithoutDeadline(kernel, pauses);
    assertTrue(warmed.compiled());
    // One checked call follows each burst of 200; the first past call 700 is the fourth, call 804. No pauses yet.
    assertEquals(4 * (CpuKernelWarmup.BURST + 1), warmed.calls());
    assertEquals(warmed.calls(), kernel.calls().get());
    assertEquals(0, pauses.get());
  }

  @Test
  void afterTheFirstThousandCallsChecksComeOftenerWithPausesBetween() {
    FakeKernel kernel = new FakeKernel(1_100);
    AtomicInteger pauses = new AtomicInteger();
    CpuKernelWarmup.Warmed warmed = warmWithoutDeadline(kernel, pauses);
    assertTrue(warmed.compiled());
    // Five bursts of 200 and their checks reach call 1,005; then pauses, bursts of 10 and checks, 11 calls a round:
    // call 1,104 is the first check past call 1,100, after 9 rounds.
    assertEquals(5 * (CpuKernelWarmup.BURST + 1) + 9 * (CpuKernelWarmup.SLOW_BURST + 1), warmed.calls());
    assertEquals(9, pauses.get());
  }

  /** {@code kernel} warmed up with its allocation counter, no deadline, and pauses counted in {@code pauses}. */
  private static CpuKernelWarmup.Warmed warmWithoutDeadline(FakeKernel kernel, AtomicInteger pauses) {
    return CpuKernelWarmup.untilCompiled(
        "fake", kernel, CpuKernelWarmup.BURST, kernel.allocated()::get, System.nanoTime() + NO_DEADLINE,
        pauses::incrementAndGet);
  }

  @Test
  void givesUpAfterTheMostCallsWhenAKernelNeverStopsAllocating() {
    FakeKernel kernel = new FakeKernel(Integer.MAX_VALUE);
    CpuKernelWarmup.Warmed warmed = CpuKernelWarmup.untilCompiled(
        "fake", kernel, CpuKernelWarmup.BURST, kernel.allocated()::get, System.nanoTime() + NO_DEADLINE,
        () -> {});
    assertFalse(warmed.compiled());
    assertTrue(warmed.calls() >= CpuKernelWarmup.MAX_CALLS, "calls " + warmed.calls());
    assertTrue(warmed.calls() <= CpuKernelWarmup.MAX_CALLS + CpuKernelWarmup.SLOW_BURST, "calls " + warmed.calls());
  }

  @Test
  void givesUpAtTheDeadlineAfterOneBurst() {
    FakeKernel kernel = new FakeKernel(Integer.MAX_VALUE);
    CpuKernelWarmup.Warmed warmed = CpuKernelWarmup.untilCompiled(
        "fake", kernel, CpuKernelWarmup.BURST, kernel.allocated()::get, System.nanoTime() - 1, () -> {});
    assertFalse(warmed.compiled());
    assertEquals(CpuKernelWarmup.BURST + 1, warmed.calls());
  }

  @Test
  void withoutAnAllocationCounterEachKernelGetsAFixedNumberOfCalls() {
    FakeKernel kernel = new FakeKernel(0);
    CpuKernelWarmup.Warmed warmed = CpuKernelWarmup.untilCompiled(
        "fake", kernel, CpuKernelWarmup.BURST, null, System.nanoTime() + NO_DEADLINE, () -> {});
    assertFalse(warmed.compiled());
    assertEquals(CpuKernelWarmup.UNCOUNTED_CALLS, warmed.calls());
    assertEquals(CpuKernelWarmup.UNCOUNTED_CALLS, kernel.calls().get());
  }

  /**
   * The real warm-up reaches every kernel and leaves each allocating next to nothing, which only C2's code does;
   * afterwards a GEMM micro-kernel allocates nothing on its first call here.
   */
  @Test
  void theWarmUpLeavesEveryInferenceKernelCompiled() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    LongSupplier allocated = threads::getCurrentThreadAllocatedBytes;
    List<CpuKernelWarmup.Warmed> report = CpuKernelWarmup.run(allocated);
    assertTrue(report.size() >= 15, report.toString());
    for (CpuKernelWarmup.Warmed warmed : report) {
      assertTrue(warmed.compiled(), warmed.toString());
    }
    float[] a = new float[GemmMicroKernel.MR * 8];
    float[] b = new float[8 * GemmMicroKernel.NR];
    float[] c = new float[GemmMicroKernel.MR * GemmMicroKernel.NR];
    long before = allocated.getAsLong();
    GemmMicroKernel.sixRows(a, 0, 8, b, 0, GemmMicroKernel.NR, 8, GemmMicroKernel.ZEROS, 0, 0,
        GemmMicroKernel.ZEROS, 0, 0f, c, 0, GemmMicroKernel.NR);
    assertEquals(before, allocated.getAsLong());
  }
}
