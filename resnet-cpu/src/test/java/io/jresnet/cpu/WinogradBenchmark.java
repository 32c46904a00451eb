package io.jresnet.cpu;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.backend.Conv2dParams;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Hand-run A/B probe (not a test): each stride-1 3×3 conv shape of ResNet-50, and a few narrower ones, through
 * im2col + GEMM (a backend opened with {@code jresnet.cpu.winograd=false}) and through Winograd, alternating call by
 * call in one process; prints median times, their ratio, and each path's relative error against the float64 direct
 * conv on ResNet-like data (He-init weights, post-ReLU inputs; batch-1 shapes only, the reference is slow). Run after
 * {@code test-compile}:
 *
 * <pre>java --add-modules jdk.incubator.vector -cp resnet-cpu/target/classes:resnet-cpu/target/test-classes:\
 * resnet-api/target/classes io.jresnet.cpu.WinogradBenchmark [threads] [reps]</pre>
 */
public final class WinogradBenchmark {
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

  private WinogradBenchmark() {}

  record ConvShape(int batch, int size, int cin, int cout) {
    @Override
    public String toString() {
      return String.format("b%d %3dx%-3d %3d->%-3d", batch, size, size, cin, cout);
    }

    long macs() {
      return (long) batch * size * size * cin * cout * 9;
    }
  }

  public static void main(String[] args) {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 11;
    List<ConvShape> shapes = new ArrayList<>();
    for (int batch : new int[] {1, 8}) {
      shapes.add(new ConvShape(batch, 56, 64, 64));
      shapes.add(new ConvShape(batch, 28, 128, 128));
      shapes.add(new ConvShape(batch, 14, 256, 256));
      shapes.add(new ConvShape(batch, 7, 512, 512));
    }
    // Around the dispatch thresholds: few channels, few tiles, and the training shapes of resnet20 and of the
    // Keras ResNet-50 at 64×64.
    shapes.add(new ConvShape(1, 28, 32, 32));
    shapes.add(new ConvShape(1, 56, 32, 32));
    shapes.add(new ConvShape(1, 28, 48, 48));
    shapes.add(new ConvShape(1, 28, 64, 64));
    shapes.add(new ConvShape(1, 7, 64, 64));
    shapes.add(new ConvShape(2, 7, 512, 512));
    shapes.add(new ConvShape(3, 7, 512, 512));
    shapes.add(new ConvShape(1, 10, 512, 512));
    shapes.add(new ConvShape(128, 28, 16, 16));
    shapes.add(new ConvShape(128, 14, 32, 32));
    shapes.add(new ConvShape(128, 7, 64, 64));
    shapes.add(new ConvShape(32, 16, 64, 64));
    shapes.add(new ConvShape(32, 8, 128, 128));
    shapes.add(new ConvShape(32, 4, 256, 256));
    shapes.add(new ConvShape(32, 2, 512, 512));
    String before = System.getProperty(WinogradConv.PROPERTY);
    System.setProperty(WinogradConv.PROPERTY, "false");
    Backend gemm = new CpuBackendProvider().open(new BackendConfig(threads));
    System.setProperty(WinogradConv.PROPERTY, "true");
    Backend winograd = new CpuBackendProvider().open(new BackendConfig(threads));
    if (before == null) {
      System.clearProperty(WinogradConv.PROPERTY);
    } else {
      System.setProperty(WinogradConv.PROPERTY, before);
    }
    System.out.printf("threads=%d, %s, median of %d alternating calls, %s%n", threads,
        GemmMicroKernel.SPECIES, reps, threads == 1 ? "thread CPU time" : "wall time");
    try (gemm; winograd) {
      // A first pass compiles both paths for every shape, so that the first shape measured is not the one that
      // pays for the JIT.
      for (ConvShape s : shapes) {
        measure(s, gemm, winograd, 1, threads, false);
      }
      for (ConvShape s : shapes) {
        measure(s, gemm, winograd, reps, threads, true);
      }
    }
  }

  /**
   * Nanoseconds: with one thread, the CPU time of this thread (all work runs on it), which leaves out the time the
   * shared machine gives to other processes; with more threads, wall time.
   */
  private static long clock(int threads) {
    return threads == 1 ? MX.getCurrentThreadCpuTime() : System.nanoTime();
  }

  private static void measure(
      ConvShape s, Backend gemm, Backend winograd, int reps, int threads, boolean print) {
    SplittableRandom rnd = new SplittableRandom(7);
    Conv2dParams p = Conv2dParams.square(3, 1, 1);
    Shape xs = Shape.nhwc(s.batch(), s.size(), s.size(), s.cin());
    Shape ws = Shape.of(3, 3, s.cin(), s.cout());
    Shape ys = Shape.nhwc(s.batch(), s.size(), s.size(), s.cout());
    float[] x = new float[xs.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.max(0, rnd.nextGaussian());
    }
    float[] w = new float[ws.size()];
    double he = Math.sqrt(2.0 / (9 * s.cin()));
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (rnd.nextGaussian() * he);
    }
    float[] bias = NaiveLoops.random(rnd, s.cout());
    Backend[] backends = {gemm, winograd};
    Runnable[] runs = new Runnable[2];
    Tensor[] outputs = new Tensor[2];
    for (int k = 0; k < 2; k++) {
      Backend b = backends[k];
      Tensor tx = b.fromHost(x, xs);
      Tensor tw = b.prepareConvWeight(b.fromHost(w, ws), p);
      Tensor tb = b.fromHost(bias, Shape.of(s.cout()));
      Tensor ty = b.allocate(ys);
      outputs[k] = ty;
      runs[k] = () -> b.conv().conv2d(tx, tw, tb, p, null, true, ty);
    }
    double[][] ms = new double[2][reps];
    for (int r = -10; r < reps; r++) {
      for (int k = 0; k < 2; k++) {
        long t0 = clock(threads);
        runs[k].run();
        if (r >= 0) {
          ms[k][r] = (clock(threads) - t0) / 1e6;
        }
      }
    }
    if (!print) {
      return;
    }
    Arrays.sort(ms[0]);
    Arrays.sort(ms[1]);
    double g = ms[0][reps / 2];
    double wg = ms[1][reps / 2];
    String errors = "";
    if (s.batch() == 1) {
      float[] ref = NaiveLoops.conv2d(x, 1, s.size(), s.size(), s.cin(), w, s.cout(), bias, p, null, true);
      errors = String.format("  error im2col %.2e winograd %.2e (max scaled %.2e)",
          NaiveLoops.relativeError(outputs[0].copyToHost(), ref),
          NaiveLoops.relativeError(outputs[1].copyToHost(), ref),
          NaiveLoops.maxScaledError(outputs[1].copyToHost(), ref));
    }
    System.out.printf("%s  im2col %8.3f ms (%5.1f GFLOPS)  winograd %8.3f ms (%5.1f eff. GFLOPS)  speedup %.2fx%s%n",
        s, g, 2.0 * s.macs() / g / 1e6, wg, 2.0 * s.macs() / wg / 1e6, g / wg, errors);
  }
}
