package io.jresnet.cpu;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.backend.Conv2dParams;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
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
    try (Backend backend = new CpuBackendProvider().open(new BackendConfig(threads))) {
      System.out.printf("threads=%d, %s, wall time, median of %d rounds%n", threads, GemmMicroKernel.SPECIES, reps);
      if (!which.equals("resnet50")) {
        run(backend, "resnet20, 28x28x1, batch 128", resnet20(128), reps);
      }
      if (!which.equals("resnet20")) {
        run(backend, "resnet50-keras-64x64-6, batch 32", resnet50Keras(32), reps);
      }
    }
  }

  private static void run(Backend backend, String title, List<ConvShape> shapes, int reps) {
    SplittableRandom rnd = new SplittableRandom(1);
    double[][] dataMs = new double[shapes.size()][reps];
    double[][] filterMs = new double[shapes.size()][reps];
    Tensor[][] tensors = new Tensor[shapes.size()][];
    for (int i = 0; i < shapes.size(); i++) {
      ConvShape s = shapes.get(i);
      Shape xs = Shape.nhwc(s.batch(), s.size(), s.size(), s.cin());
      Shape ws = Shape.of(s.kernel(), s.kernel(), s.cin(), s.cout());
      tensors[i] = new Tensor[] {
        backend.fromHost(NaiveLoops.random(rnd, xs.size()), xs),
        backend.fromHost(NaiveLoops.random(rnd, ws.size()), ws),
        backend.fromHost(
            NaiveLoops.random(rnd, s.batch() * s.outSize() * s.outSize() * s.cout()),
            Shape.nhwc(s.batch(), s.outSize(), s.outSize(), s.cout())),
        backend.allocate(xs),
        backend.allocate(ws),
        backend.allocate(Shape.of(s.cout()))
      };
    }
    // Round-robin over the shapes as a backward pass meets them, so noise from other processes spreads over all.
    for (int round = -2; round < reps; round++) {
      for (int i = 0; i < shapes.size(); i++) {
        ConvShape s = shapes.get(i);
        Tensor[] t = tensors[i];
        long t0 = System.nanoTime();
        backend.conv().conv2dBackwardData(t[2], t[1], s.params(), t[3]);
        long t1 = System.nanoTime();
        backend.conv().conv2dBackwardFilter(t[0], t[2], s.params(), t[4], t[5]);
        long t2 = System.nanoTime();
        if (round >= 0) {
          dataMs[i][round] = (t1 - t0) / 1e6;
          filterMs[i][round] = (t2 - t1) / 1e6;
        }
      }
    }
    System.out.println(title);
    System.out.printf("%-30s %4s %10s %8s %10s %8s%n", "shape", "x", "data ms", "GFLOPS", "filter ms", "GFLOPS");
    double stepData = 0;
    double stepFilter = 0;
    long dataMacs = 0;
    long filterMacs = 0;
    for (int i = 0; i < shapes.size(); i++) {
      ConvShape s = shapes.get(i);
      Arrays.sort(dataMs[i]);
      Arrays.sort(filterMs[i]);
      double d = dataMs[i][reps / 2];
      double f = filterMs[i][reps / 2];
      System.out.printf("%-30s %4d %10.2f %8.1f %10.2f %8.1f%n",
          s.name(), s.count(), d, 2.0 * s.macs() / d / 1e6, f, 2.0 * s.macs() / f / 1e6);
      if (s.needsInputGradient()) {
        stepData += d * s.count();
        dataMacs += s.macs() * s.count();
      }
      stepFilter += f * s.count();
      filterMacs += s.macs() * s.count();
    }
    System.out.printf("one step: backward data %.1f ms (%.1f GFLOPS), backward filter %.1f ms (%.1f GFLOPS)%n%n",
        stepData, 2.0 * dataMacs / stepData / 1e6, stepFilter, 2.0 * filterMacs / stepFilter / 1e6);
  }
}
