package io.jresnet.cpu;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Hand-run GEMM throughput probe (not a test): {@code java --add-modules jdk.incubator.vector -cp ... GemmBenchmark}. */
public final class GemmBenchmark {
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
      for (String mode : new String[] {"packed", "raw", "packed", "raw"}) {
        PanelRef bref = mode.equals("packed") ? PanelRef.packed(packed, 0, n) : PanelRef.rowMajor(b, 0, n);
        double[] gf = new double[7];
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int it = 0; it < gf.length; it++) {
          long t0 = mx.getCurrentThreadCpuTime();
          CpuGemm.multiply(pool, new MatrixRef(a, 0, lda), bref, new MatrixRef(c, 0, n), n, n, n, GemmEpilogue.NONE);
          long t = mx.getCurrentThreadCpuTime() - t0;
          gf[it] = 2.0 * n * n * n / t;
        }
        Arrays.sort(gf);
        System.out.printf("%s %d^3 threads=%d median %.1f GFLOPS max %.1f%n", mode, n, threads, gf[gf.length / 2], gf[gf.length - 1]);
      }
    }
  }
}
