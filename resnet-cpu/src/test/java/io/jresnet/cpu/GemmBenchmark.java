package io.jresnet.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Hand-run SGEMM throughput probe (not a test): {@code C[n, n] = A[n, lda] · B[n, n]} with B packed and read in
 * place, after {@code test-compile}:
 *
 * <pre>java --add-modules jdk.incubator.vector -cp resnet-cpu/target/classes:resnet-cpu/target/test-classes:\
 * resnet-api/target/classes io.jresnet.cpu.GemmBenchmark [n=1024] [threads=1] [lda=n]</pre>
 *
 * With one thread it times the calling thread's CPU time (all work runs on it), which leaves out time given to other
 * processes on a shared machine; with more, wall time.
 */
public final class GemmBenchmark {
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

  private GemmBenchmark() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    int lda = args.length > 2 ? Integer.parseInt(args[2]) : n;
    SplittableRandom rnd = new SplittableRandom(1);
    float[] a = new float[n * lda];
    float[] b = new float[n * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) rnd.nextDouble(-1, 1);
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = (float) rnd.nextDouble(-1, 1);
    }
    float[] packed = new float[GemmPacking.packedSize(n, n)];
    GemmPacking.pack(new MatrixRef(b, 0, n), n, n, packed, 0);
    float[] c = new float[n * n];
    try (CpuComputePool pool = new CpuComputePool(threads)) {
      for (String mode : new String[] {"packed", "row-major", "packed", "row-major"}) {
        PanelRef bref = mode.equals("packed") ? PanelRef.packed(packed, 0, n) : PanelRef.rowMajor(b, 0, n);
        double[] gflops = new double[9];
        for (int it = 0; it < gflops.length; it++) {
          long t0 = clock(threads);
          CpuGemm.multiply(pool, new MatrixRef(a, 0, lda), bref, new MatrixRef(c, 0, n), n, n, n, GemmEpilogue.NONE);
          gflops[it] = 2.0 * n * n * n / (clock(threads) - t0);
        }
        Arrays.sort(gflops);
        System.out.printf("B %-9s %d^3, lda %d, threads=%d: median %.1f GFLOPS, best %.1f%n",
            mode, n, lda, threads, gflops[gflops.length / 2], gflops[gflops.length - 1]);
      }
    }
  }

  private static long clock(int threads) {
    return threads == 1 ? MX.getCurrentThreadCpuTime() : System.nanoTime();
  }
}
