package io.jresnet.cpu;

import io.jresnet.backend.Conv2dParams;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hand-run throughput probe of the conv backward kernels on the conv shapes of one training step (not a test):
 * ResNet-20 on 28×28×1 at batch 128 and the Keras-notebook ResNet-50 on 64×64×3 at batch 32. Prints GFLOPS of
 * {@code conv2dBackwardData} and {@code conv2dBackwardFilter} per shape and the conv backward time of a whole step
 * (each shape times its count; the stem needs no input gradient). Run after {@code test-compile}:
 *
 * <pre>java --add-modules jdk.incubator.vector -cp resnet-cpu/target/classes:resnet-cpu/target/test-classes:\
 * resnet-api/target/classes io.jresnet.cpu.ConvBackwardBenchmark [threads] [reps] [resnet20|resnet50|both]</pre>
 *
 * <p>On a crowded machine, {@code -Dcputime=true} with 1 thread times the thread's CPU time instead of wall time. To
 * compare against an older kernel, copy its class into this package and add it to the list of implementations in
 * {@code main}: they then run in turns in one process.
 */
public final class ConvBackwardBenchmark {
  private ConvBackwardBenchmark() {}

  /** One conv of a network: input {@code size × size × cin} at {@code batch}, and how often it occurs. */
  record ConvShape(String name, int count, int batch, int size, int cin, int cout, int kernel, int stride, int pad,
      boolean needsInputGradient) {
    Conv2dParams params() {
      return Conv2dParams.square(kernel, stride, pad);
    }

    int outSize() {
      return params().outputH(size);
    }

    long macs() {
      return (long) batch * outSize() * outSize() * cout * kernel * kernel * cin;
    }
  }

  static List<ConvShape> resnet20(int n) {
    return List.of(
        new ConvShape("stem 3x3 1->16 @28", 1, n, 28, 1, 16, 3, 1, 1, false),
        new ConvShape("s1 3x3 16 @28", 6, n, 28, 16, 16, 3, 1, 1, true),
        new ConvShape("s2 3x3/2 16->32 @28", 1, n, 28, 16, 32, 3, 2, 1, true),
        new ConvShape("s2 ds 1x1/2 16->32 @28", 1, n, 28, 16, 32, 1, 2, 0, true),
        new ConvShape("s2 3x3 32 @14", 5, n, 14, 32, 32, 3, 1, 1, true),
        new ConvShape("s3 3x3/2 32->64 @14", 1, n, 14, 32, 64, 3, 2, 1, true),
        new ConvShape("s3 ds 1x1/2 32->64 @14", 1, n, 14, 32, 64, 1, 2, 0, true),
        new ConvShape("s3 3x3 64 @7", 5, n, 7, 64, 64, 3, 1, 1, true));
  }

  static List<ConvShape> resnet50Keras(int n) {
    return List.of(
        new ConvShape("stem 7x7/2 valid 3->64 @70", 1, n, 70, 3, 64, 7, 2, 0, false),
        new ConvShape("s1 1x1 64->64 @15", 1, n, 15, 64, 64, 1, 1, 0, true),
        new ConvShape("s1 1x1 256->64 @15", 2, n, 15, 256, 64, 1, 1, 0, true),
        new ConvShape("s1 3x3 64 @15", 3, n, 15, 64, 64, 3, 1, 1, true),
        new ConvShape("s1 1x1 64->256 @15 (+ds)", 4, n, 15, 64, 256, 1, 1, 0, true),
        new ConvShape("s2 1x1/2 256->128 @15", 1, n, 15, 256, 128, 1, 2, 0, true),
        new ConvShape("s2 ds 1x1/2 256->512 @15", 1, n, 15, 256, 512, 1, 2, 0, true),
        new ConvShape("s2 3x3 128 @8", 4, n, 8, 128, 128, 3, 1, 1, true),
        new ConvShape("s2 1x1 128->512 @8", 4, n, 8, 128, 512, 1, 1, 0, true),
        new ConvShape("s2 1x1 512->128 @8", 3, n, 8, 512, 128, 1, 1, 0, true),
        new ConvShape("s3 1x1/2 512->256 @8", 1, n, 8, 512, 256, 1, 2, 0, true),
        new ConvShape("s3 ds 1x1/2 512->1024 @8", 1, n, 8, 512, 1024, 1, 2, 0, true),
        new ConvShape("s3 3x3 256 @4", 6, n, 4, 256, 256, 3, 1, 1, true),
        new ConvShape("s3 1x1 256->1024 @4", 6, n, 4, 256, 1024, 1, 1, 0, true),
        new ConvShape("s3 1x1 1024->256 @4", 5, n, 4, 1024, 256, 1, 1, 0, true),
        new ConvShape("s4 1x1/2 1024->512 @4", 1, n, 4, 1024, 512, 1, 2, 0, true),
        new ConvShape("s4 ds 1x1/2 1024->2048 @4", 1, n, 4, 1024, 2048, 1, 2, 0, true),
        new ConvShape("s4 3x3 512 @2", 3, n, 2, 512, 512, 3, 1, 1, true),
        new ConvShape("s4 1x1 512->2048 @2", 3, n, 2, 512, 2048, 1, 1, 0, true),
        new ConvShape("s4 1x1 2048->512 @2", 2, n, 2, 2048, 512, 1, 1, 0, true));
  }

  public static void main(String[] args) {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    String which = args.length > 2 ? args[2] : "both";
    try (CpuComputePool pool = new CpuComputePool(threads)) {
      if (CPU_TIME && threads != 1) {
        throw new IllegalArgumentException("-Dcputime=true measures the calling thread only: run with 1 thread");
      }
      System.out.printf("threads=%d, %s, %s, median of %d rounds%n",
          threads, GemmMicroKernel.SPECIES, CPU_TIME ? "thread CPU time" : "wall time", reps);
      Kernels current = new Kernels(new CpuConvBackwardData(pool)::run, new CpuConvBackwardFilter(pool)::run);
      if (!which.equals("resnet50")) {
        run(List.of(current), "resnet20, 28x28x1, batch 128", resnet20(128), reps);
      }
      if (!which.equals("resnet20")) {
        run(List.of(current), "resnet50-keras-64x64-6, batch 32", resnet50Keras(32), reps);
      }
    }
  }

  /** {@code run(dy, w, g, dx)} of a backward-data implementation. */
  @FunctionalInterface
  interface DataKernel {
    void run(float[] dy, float[] w, ConvGeometry g, float[] dx);
  }

  /** {@code run(x, dy, g, dw)} of a backward-filter implementation. */
  @FunctionalInterface
  interface FilterKernel {
    void run(float[] x, float[] dy, ConvGeometry g, float[] dw);
  }

  record Kernels(DataKernel data, FilterKernel filter) {}

  /**
   * Wall time, or with {@code -Dcputime=true} (1 thread only) the calling thread's CPU time, which a machine that
   * other processes crowd disturbs far less.
   */
  private static long now() {
    return CPU_TIME ? ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() : System.nanoTime();
  }

  private static final boolean CPU_TIME = Boolean.getBoolean("cputime");

  /**
   * Times each implementation on every shape; with several (say a copy of an older kernel next to the current one)
   * they take turns, so that noise from other processes spreads over all of them.
   */
  private static void run(List<Kernels> impls, String title, List<ConvShape> shapes, int reps) {
    SplittableRandom rnd = new SplittableRandom(1);
    int count = impls.size();
    double[][][] dataMs = new double[count][shapes.size()][reps];
    double[][][] filterMs = new double[count][shapes.size()][reps];
    float[][][] tensors = new float[shapes.size()][][];
    ConvGeometry[] geometries = new ConvGeometry[shapes.size()];
    for (int i = 0; i < shapes.size(); i++) {
      ConvShape s = shapes.get(i);
      int o = s.outSize();
      geometries[i] = new ConvGeometry(s.batch(), s.size(), s.size(), s.cin(), o, o, s.cout(), s.params());
      int xSize = s.batch() * s.size() * s.size() * s.cin();
      int wSize = s.kernel() * s.kernel() * s.cin() * s.cout();
      tensors[i] = new float[][] {
        NaiveLoops.random(rnd, xSize),
        NaiveLoops.random(rnd, wSize),
        NaiveLoops.random(rnd, s.batch() * o * o * s.cout()),
        new float[xSize],
        new float[wSize]
      };
    }
    // Round-robin over the shapes as a backward pass meets them.
    for (int round = -2; round < reps; round++) {
      for (int impl = 0; impl < count; impl++) {
        for (int i = 0; i < shapes.size(); i++) {
          float[][] t = tensors[i];
          long t0 = now();
          impls.get(impl).data().run(t[2], t[1], geometries[i], t[3]);
          long t1 = now();
          impls.get(impl).filter().run(t[0], t[2], geometries[i], t[4]);
          long t2 = now();
          if (round >= 0) {
            dataMs[impl][i][round] = (t1 - t0) / 1e6;
            filterMs[impl][i][round] = (t2 - t1) / 1e6;
          }
        }
      }
    }
    System.out.println(title);
    System.out.printf("%-28s %3s %s%n", "shape", "x", "per implementation: data ms, GFLOPS, filter ms, GFLOPS");
    double[] stepData = new double[count];
    double[] stepFilter = new double[count];
    long dataMacs = 0;
    long filterMacs = 0;
    for (int i = 0; i < shapes.size(); i++) {
      ConvShape s = shapes.get(i);
      double gflop = 2.0 * s.macs() / 1e6;
      StringBuilder line = new StringBuilder(String.format("%-28s %3d", s.name(), s.count()));
      for (int impl = 0; impl < count; impl++) {
        Arrays.sort(dataMs[impl][i]);
        Arrays.sort(filterMs[impl][i]);
        double d = dataMs[impl][i][reps / 2];
        double f = filterMs[impl][i][reps / 2];
        line.append(String.format(" | %8.2f %6.1f %8.2f %6.1f", d, gflop / d, f, gflop / f));
        if (s.needsInputGradient()) {
          stepData[impl] += d * s.count();
        }
        stepFilter[impl] += f * s.count();
      }
      System.out.println(line);
      if (s.needsInputGradient()) {
        dataMacs += s.macs() * s.count();
      }
      filterMacs += s.macs() * s.count();
    }
    for (int impl = 0; impl < count; impl++) {
      System.out.printf("one step (implementation %d): backward data %.1f ms (%.1f GFLOPS), "
              + "backward filter %.1f ms (%.1f GFLOPS)%n",
          impl, stepData[impl], 2.0 * dataMacs / stepData[impl] / 1e6, stepFilter[impl],
          2.0 * filterMacs / stepFilter[impl] / 1e6);
    }
    System.out.println();
  }
}
