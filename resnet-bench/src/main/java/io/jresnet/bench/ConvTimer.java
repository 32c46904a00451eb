package io.jresnet.bench;

import io.jresnet.backend.Backend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import io.jresnet.tensor.TensorScope;
import java.util.SplittableRandom;

/**
 * Times one convolution through the backend SPI exactly as inference runs it: weights prepared once with {@link
 * Backend#prepareConvWeight}, then {@code conv2d} with a bias and ReLU fused into its epilogue, writing the same
 * output tensor every call.
 */
public final class ConvTimer {
  private ConvTimer() {}

  /**
   * The median of {@code repetitions} timed calls after {@code warmup} untimed ones, on random data from {@code
   * seed}.
   */
  public static Samples time(Backend backend, ConvShape shape, int warmup, int repetitions, long seed) {
    if (warmup < 0 || repetitions < 1) {
      throw new IllegalArgumentException(
          "warmup must be >= 0 and repetitions >= 1, got " + warmup + " and " + repetitions);
    }
    SplittableRandom random = new SplittableRandom(seed);
    try (TensorScope scope = new TensorScope()) {
      Tensor x = scope.own(backend.fromHost(gaussian(random, shape.inputShape().size(), 1), shape.inputShape()));
      double fanIn = shape.weightShape().size() / (double) shape.filters();
      Tensor hwio =
          scope.own(
              backend.fromHost(
                  gaussian(random, shape.weightShape().size(), Math.sqrt(2 / fanIn)), shape.weightShape()));
      Tensor weight = scope.own(backend.prepareConvWeight(hwio, shape.params()));
      Tensor bias = scope.own(backend.fromHost(gaussian(random, shape.filters(), 0.1), Shape.of(shape.filters())));
      Tensor y = scope.own(backend.allocate(shape.outputShape()));
      for (int i = 0; i < warmup; i++) {
        backend.conv().conv2d(x, weight, bias, shape.params(), null, true, y);
      }
      long[] nanos = new long[repetitions];
      for (int i = 0; i < repetitions; i++) {
        long start = System.nanoTime();
        backend.conv().conv2d(x, weight, bias, shape.params(), null, true, y);
        nanos[i] = System.nanoTime() - start;
      }
      return Samples.ofNanos(nanos);
    }
  }

  static float[] gaussian(SplittableRandom random, int n, double std) {
    float[] data = new float[n];
    for (int i = 0; i < n; i++) {
      data[i] = (float) (random.nextGaussian() * std);
    }
    return data;
  }
}
