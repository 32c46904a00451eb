package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.backend.Backend;
import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.Pool2dParams;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kernel that reduces across tasks gives bit-identical results on two threads however the pool's tasks land on
 * the threads: the pool's test hook delays participants at random before tasks, which reshuffles which thread runs
 * which task, and each of {@value #REPETITIONS} repetitions must match an undisturbed run bit for bit. Exact resume
 * of a training run relies on this.
 */
class CpuKernelDeterminismTest {
  private static final int REPETITIONS = 20;
  private static final int THREADS = 2;

  /** One kernel call on fixed inputs; returns all of its outputs, concatenated. */
  @FunctionalInterface
  private interface KernelRun {
    float[] apply(Backend b);
  }

  /** Parks a participant for up to 150 µs before half of the tasks and records who ran which task. */
  private static final class Jitter implements CpuComputePool.Task {
    private final SplittableRandom[] random = new SplittableRandom[THREADS];
    private final AtomicLong workerTasks = new AtomicLong();

    Jitter() {
      for (int p = 0; p < THREADS; p++) {
        random[p] = new SplittableRandom(100 + p);
      }
    }

    @Override
    public void run(int index, int participant) {
      if (participant != 0) {
        // A hash of the set of task indices the worker ran: it changes when the schedule does.
        workerTasks.addAndGet(mix(index + 1L));
      }
      SplittableRandom r = random[participant];
      if (r.nextBoolean()) {
        LockSupport.parkNanos(r.nextLong(150_000));
      }
    }

    long takeSchedule() {
      return workerTasks.getAndSet(0);
    }

    private static long mix(long z) {
      z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
      z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
      return z ^ (z >>> 33);
    }
  }

  static Stream<Named<KernelRun>> kernels() {
    return Stream.of(
        Named.of("conv2dBackwardFilter 3x3 over 4 chunks, with bias", convFilter(8, 16, 16, 8, 16, square(3, 1, 1))),
        Named.of("conv2dBackwardFilter 3x3 stride 2 without im2col, one slot split by taps",
            convFilter(2, 8, 8, 32, 32, square(3, 2, 1))),
        Named.of("conv2dBackwardFilter 3x3 without im2col, several slots", convFilter(8, 16, 16, 16, 16, square(3, 1, 1))),
        Named.of("conv2dBackwardFilter 3x3 deep, one chunk split by rows", convFilter(2, 4, 4, 64, 64, square(3, 1, 1))),
        Named.of("conv2dBackwardFilter 1x1 in place", convFilter(8, 16, 16, 16, 24, square(1, 1, 0))),
        Named.of("conv2dBackwardFilter grouped", convFilter(8, 16, 16, 8, 8, grouped(3, 2))),
        Named.of("conv2dBackwardFilter depthwise", convFilter(8, 16, 16, 16, 16, grouped(3, 16))),
        Named.of("conv2d forward and backward data", convForwardAndData()),
        Named.of("batchNormTraining and batchNormBackward", batchNorm()),
        Named.of("denseBackwardWeight, denseBackwardData", dense()),
        Named.of("sumOfSquares", sumOfSquares()),
        Named.of("softmaxCrossEntropy with smoothing", softmaxCrossEntropy()),
        Named.of("pool backward", poolBackward()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("kernels")
  void givesBitIdenticalResultsHoweverTheTasksLandOnTheThreads(KernelRun kernel) {
    Jitter jitter = new Jitter();
    try (Backend quiet = new CpuBackend(new CpuComputePool(THREADS));
        Backend jittered = new CpuBackend(new CpuComputePool(THREADS, jitter))) {
      int[] expected = bits(kernel.apply(quiet));
      Set<Long> schedules = new HashSet<>();
      for (int rep = 0; rep < REPETITIONS; rep++) {
        int[] actual = bits(kernel.apply(jittered));
        schedules.add(jitter.takeSchedule());
        assertArrayEquals(expected, actual, "repetition " + rep);
      }
      assertTrue(schedules.size() > 1, "the jitter never changed which thread ran which task: " + schedules);
    }
  }

  private static Conv2dParams square(int kernel, int stride, int padding) {
    return Conv2dParams.square(kernel, stride, padding);
  }

  private static Conv2dParams grouped(int kernel, int groups) {
    int pad = kernel / 2;
    return new Conv2dParams(kernel, kernel, 1, 1, pad, pad, pad, pad, 1, 1, groups);
  }

  private static KernelRun convFilter(int n, int h, int w, int cin, int cout, Conv2dParams p) {
    SplittableRandom rnd = new SplittableRandom(1);
    float[] x = NaiveLoops.random(rnd, n * h * w * cin);
    float[] dy = NaiveLoops.random(rnd, n * p.outputH(h) * p.outputW(w) * cout);
    return b -> {
      Tensor dw = b.allocate(Shape.of(p.kernelH(), p.kernelW(), cin / p.groups(), cout));
      Tensor db = b.allocate(Shape.of(cout));
      b.conv().conv2dBackwardFilter(
          b.fromHost(x, Shape.nhwc(n, h, w, cin)),
          b.fromHost(dy, Shape.nhwc(n, p.outputH(h), p.outputW(w), cout)),
          p,
          dw,
          db);
      return concat(dw.copyToHost(), db.copyToHost());
    };
  }

  private static KernelRun convForwardAndData() {
    SplittableRandom rnd = new SplittableRandom(2);
    Conv2dParams p = square(3, 1, 1);
    Shape xs = Shape.nhwc(8, 16, 16, 16);
    Shape ws = Shape.of(3, 3, 16, 16);
    float[] x = NaiveLoops.random(rnd, xs.size());
    float[] w = NaiveLoops.random(rnd, ws.size());
    float[] dy = NaiveLoops.random(rnd, xs.size());
    return b -> {
      Tensor weight = b.prepareConvWeight(b.fromHost(w, ws), p);
      Tensor y = b.allocate(xs);
      Tensor dx = b.allocate(xs);
      b.conv().conv2d(b.fromHost(x, xs), weight, null, p, null, true, y);
      b.conv().conv2dBackwardData(b.fromHost(dy, xs), b.fromHost(w, ws), p, dx);
      return concat(y.copyToHost(), dx.copyToHost());
    };
  }

  private static KernelRun batchNorm() {
    SplittableRandom rnd = new SplittableRandom(3);
    int c = 24;
    Shape xs = Shape.nhwc(8, 16, 16, c);
    float[] x = NaiveLoops.random(rnd, xs.size());
    float[] dy = NaiveLoops.random(rnd, xs.size());
    float[] gamma = NaiveLoops.random(rnd, c);
    float[] beta = NaiveLoops.random(rnd, c);
    return b -> {
      Shape cs = Shape.of(c);
      Tensor runningMean = b.allocate(cs);
      Tensor runningVar = b.fromHost(new float[c], cs);
      Tensor mean = b.allocate(cs);
      Tensor invStd = b.allocate(cs);
      Tensor y = b.allocate(xs);
      Tensor xt = b.fromHost(x, xs);
      Tensor g = b.fromHost(gamma, cs);
      b.norm().batchNormTraining(xt, g, b.fromHost(beta, cs), runningMean, runningVar, 1e-5f, 0.1f, mean, invStd, y);
      Tensor dx = b.allocate(xs);
      Tensor dGamma = b.allocate(cs);
      Tensor dBeta = b.allocate(cs);
      b.norm().batchNormBackward(b.fromHost(dy, xs), xt, g, mean, invStd, dx, dGamma, dBeta);
      return concat(
          y.copyToHost(), runningMean.copyToHost(), runningVar.copyToHost(), mean.copyToHost(),
          invStd.copyToHost(), dx.copyToHost(), dGamma.copyToHost(), dBeta.copyToHost());
    };
  }

  private static KernelRun dense() {
    SplittableRandom rnd = new SplittableRandom(4);
    int n = 256;
    int in = 200;
    int out = 70;
    float[] x = NaiveLoops.random(rnd, n * in);
    float[] dy = NaiveLoops.random(rnd, n * out);
    float[] w = NaiveLoops.random(rnd, in * out);
    return b -> {
      Tensor dw = b.allocate(Shape.of(in, out));
      Tensor db = b.allocate(Shape.of(out));
      Tensor dx = b.allocate(Shape.of(n, in));
      Tensor dyt = b.fromHost(dy, Shape.of(n, out));
      b.dense().denseBackwardWeight(b.fromHost(x, Shape.of(n, in)), dyt, dw, db);
      b.dense().denseBackwardData(dyt, b.fromHost(w, Shape.of(in, out)), dx);
      return concat(dw.copyToHost(), db.copyToHost(), dx.copyToHost());
    };
  }

  private static KernelRun sumOfSquares() {
    float[] a = NaiveLoops.random(new SplittableRandom(5), 300_001);
    return b -> {
      double s = b.elementwise().sumOfSquares(b.fromHost(a, Shape.of(a.length)));
      long bits = Double.doubleToRawLongBits(s);
      return new float[] {Float.intBitsToFloat((int) bits), Float.intBitsToFloat((int) (bits >>> 32))};
    };
  }

  private static KernelRun softmaxCrossEntropy() {
    SplittableRandom rnd = new SplittableRandom(6);
    int n = 512;
    int k = 100;
    float[] logits = NaiveLoops.random(rnd, n * k);
    int[] labels = rnd.ints(n, 0, k).toArray();
    return b -> {
      Tensor grad = b.allocate(Shape.of(n, k));
      Tensor prob = b.allocate(Shape.of(n, k));
      double loss = b.loss().softmaxCrossEntropy(b.fromHost(logits, Shape.of(n, k)), labels, 0.1f, grad, prob);
      long bits = Double.doubleToRawLongBits(loss);
      float[] lossBits = {Float.intBitsToFloat((int) bits), Float.intBitsToFloat((int) (bits >>> 32))};
      return concat(lossBits, grad.copyToHost(), prob.copyToHost());
    };
  }

  private static KernelRun poolBackward() {
    SplittableRandom rnd = new SplittableRandom(7);
    Shape xs = Shape.nhwc(8, 16, 16, 16);
    Shape ys = Shape.nhwc(8, 8, 8, 16);
    Pool2dParams p = Pool2dParams.square(3, 2, 1);
    float[] x = NaiveLoops.random(rnd, xs.size());
    float[] dy = NaiveLoops.random(rnd, ys.size());
    return b -> {
      Tensor maxDx = b.allocate(xs);
      Tensor avgDx = b.allocate(xs);
      Tensor dyt = b.fromHost(dy, ys);
      b.pool().maxPool2dBackward(b.fromHost(x, xs), dyt, p, maxDx);
      b.pool().avgPool2dBackward(dyt, p, avgDx);
      return concat(maxDx.copyToHost(), avgDx.copyToHost());
    };
  }

  private static float[] concat(float[]... parts) {
    int size = 0;
    for (float[] part : parts) {
      size += part.length;
    }
    float[] all = new float[size];
    int at = 0;
    for (float[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  private static int[] bits(float[] values) {
    int[] bits = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      bits[i] = Float.floatToRawIntBits(values[i]);
    }
    return bits;
  }
}
