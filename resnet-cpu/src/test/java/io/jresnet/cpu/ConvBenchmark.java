package io.jresnet.cpu;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.backend.Conv2dParams;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hand-run throughput probe of the conv shapes of ResNet-50 at 224×224, batch 1 (not a test; timings belong in
 * benchmarks, never in assertions). Prints GFLOPS per shape, the conv time of one whole forward pass (each shape times
 * its count in the network) and a 1024³ GEMM. Run after {@code test-compile}:
 *
 * <pre>java --add-modules jdk.incubator.vector -cp resnet-cpu/target/classes:resnet-cpu/target/test-classes:\
 * resnet-api/target/classes io.jresnet.cpu.ConvBenchmark [threads] [reps]</pre>
 */
public final class ConvBenchmark {
  private static final java.lang.management.ThreadMXBean MX = java.lang.management.ManagementFactory.getThreadMXBean();

  private ConvBenchmark() {}

  /** One conv shape of ResNet-50 and how often it occurs in a forward pass. */
  record ConvShape(String name, int count, int size, int cin, int cout, int kernel, int stride) {
    Conv2dParams params() {
      return Conv2dParams.square(kernel, stride, kernel / 2);
    }

    int outSize() {
      return params().outputH(size);
    }

    long macs() {
      return (long) outSize() * outSize() * cout * kernel * kernel * cin;
    }
  }

  static List<ConvShape> resnet50() {
    return List.of(
        new ConvShape("stem 7x7/2 3->64 @224", 1, 224, 3, 64, 7, 2),
        new ConvShape("s1 1x1 64->64 @56", 1, 56, 64, 64, 1, 1),
        new ConvShape("s1 1x1 256->64 @56", 2, 56, 256, 64, 1, 1),
        new ConvShape("s1 3x3 64->64 @56", 3, 56, 64, 64, 3, 1),
        new ConvShape("s1 1x1 64->256 @56 (+ds)", 4, 56, 64, 256, 1, 1),
        new ConvShape("s2 1x1 256->128 @56", 1, 56, 256, 128, 1, 1),
        new ConvShape("s2 3x3/2 128 @56", 1, 56, 128, 128, 3, 2),
        new ConvShape("s2 1x1 512->128 @28", 3, 28, 512, 128, 1, 1),
        new ConvShape("s2 3x3 128 @28", 3, 28, 128, 128, 3, 1),
        new ConvShape("s2 1x1 128->512 @28", 4, 28, 128, 512, 1, 1),
        new ConvShape("s2 ds 1x1/2 256->512 @56", 1, 56, 256, 512, 1, 2),
        new ConvShape("s3 1x1 512->256 @28", 1, 28, 512, 256, 1, 1),
        new ConvShape("s3 3x3/2 256 @28", 1, 28, 256, 256, 3, 2),
        new ConvShape("s3 1x1 1024->256 @14", 5, 14, 1024, 256, 1, 1),
        new ConvShape("s3 3x3 256 @14", 5, 14, 256, 256, 3, 1),
        new ConvShape("s3 1x1 256->1024 @14", 6, 14, 256, 1024, 1, 1),
        new ConvShape("s3 ds 1x1/2 512->1024 @28", 1, 28, 512, 1024, 1, 2),
        new ConvShape("s4 1x1 1024->512 @14", 1, 14, 1024, 512, 1, 1),
        new ConvShape("s4 3x3/2 512 @14", 1, 14, 512, 512, 3, 2),
        new ConvShape("s4 1x1 2048->512 @7", 2, 7, 2048, 512, 1, 1),
        new ConvShape("s4 3x3 512 @7", 2, 7, 512, 512, 3, 1),
        new ConvShape("s4 1x1 512->2048 @7", 3, 7, 512, 2048, 1, 1),
        new ConvShape("s4 ds 1x1/2 1024->2048 @14", 1, 14, 1024, 2048, 1, 2));
  }

  public static void main(String[] args) {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    SplittableRandom rnd = new SplittableRandom(1);
    try (Backend backend = new CpuBackendProvider().open(new BackendConfig(threads))) {
      List<Runnable> runs = new ArrayList<>();
      for (ConvShape s : resnet50()) {
        Conv2dParams p = s.params();
        Shape xs = Shape.nhwc(1, s.size(), s.size(), s.cin());
        Tensor x = backend.fromHost(random(rnd, xs.size()), xs);
        Tensor w = backend.prepareConvWeight(
            backend.fromHost(random(rnd, s.kernel() * s.kernel() * s.cin() * s.cout()),
                Shape.of(s.kernel(), s.kernel(), s.cin(), s.cout())), p);
        Tensor b = backend.fromHost(random(rnd, s.cout()), Shape.of(s.cout()));
        Tensor y = backend.allocate(Shape.nhwc(1, s.outSize(), s.outSize(), s.cout()));
        runs.add(() -> backend.conv().conv2d(x, w, b, p, null, true, y));
      }
      // Round-robin over the shapes, as a forward pass meets them: each shape's weights are cold again, as they are
      // in a real forward pass, and noise from other processes spreads over all shapes instead of hitting one.
      List<ConvShape> shapes = resnet50();
      double[][] ms = new double[shapes.size()][reps];
      for (int round = -3; round < reps; round++) {
        for (int i = 0; i < runs.size(); i++) {
          long t0 = clock(threads);
          runs.get(i).run();
          if (round >= 0) {
            ms[i][round] = (clock(threads) - t0) / 1e6;
          }
        }
      }
      double totalMs = 0;
      long totalMacs = 0;
      System.out.printf("threads=%d (%s), %s, median of %d rounds%n", threads,
          threads == 1 ? "thread CPU time" : "wall time", GemmMicroKernel.SPECIES, reps);
      for (int i = 0; i < shapes.size(); i++) {
        ConvShape s = shapes.get(i);
        Arrays.sort(ms[i]);
        double median = ms[i][reps / 2];
        totalMs += median * s.count();
        totalMacs += s.macs() * s.count();
        System.out.printf("%-30s x%d  %7.3f ms (min %7.3f)  %6.1f GFLOPS%n",
            s.name(), s.count(), median, ms[i][0], 2.0 * s.macs() / median / 1e6);
      }
      System.out.printf("all ResNet-50 convs: %.1f ms, %.2f GMAC, %.1f GFLOPS%n",
          totalMs, totalMacs / 1e9, 2.0 * totalMacs / totalMs / 1e6);
    }
  }

  /**
   * Nanoseconds: with one thread, the CPU time of this thread (all work runs on it), which leaves out the time the
   * shared machine gives to other processes; with more threads, wall time.
   */
  private static long clock(int threads) {
    return threads == 1 ? MX.getCurrentThreadCpuTime() : System.nanoTime();
  }

  private static float[] random(SplittableRandom rnd, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) rnd.nextDouble(-1, 1);
    }
    return v;
  }
}
