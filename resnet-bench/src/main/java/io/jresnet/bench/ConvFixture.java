package io.jresnet.bench;

import io.jresnet.backend.Backend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import io.jresnet.tensor.TensorScope;
import java.util.SplittableRandom;

/**
 * The tensors of one convolution as inference runs it: random NHWC input, He-scaled HWIO weights prepared once with
 * {@link Backend#prepareConvWeight}, a bias, and the output written by every {@link #run()}: {@code conv2d} with the
 * bias and ReLU fused into its epilogue.
 */
public final class ConvFixture implements AutoCloseable {
  private final Backend backend;
  private final ConvShape shape;
  private final TensorScope scope = new TensorScope();
  private final Tensor x;
  private final Tensor weight;
  private final Tensor bias;
  private final Tensor y;

  /** Tensors for {@code shape} on {@code backend}, filled from {@code seed}. */
  public ConvFixture(Backend backend, ConvShape shape, long seed) {
    this.backend = backend;
    this.shape = shape;
    SplittableRandom random = new SplittableRandom(seed);
    try {
      x = scope.own(backend.fromHost(gaussian(random, shape.inputShape().size(), 1), shape.inputShape()));
      double fanIn = shape.weightShape().size() / (double) shape.filters();
      Shape w = shape.weightShape();
      try (Tensor hwio = backend.fromHost(gaussian(random, w.size(), Math.sqrt(2 / fanIn)), w)) {
        weight = scope.own(backend.prepareConvWeight(hwio, shape.params()));
      }
      bias = scope.own(backend.fromHost(gaussian(random, shape.filters(), 0.1), Shape.of(shape.filters())));
      y = scope.own(backend.allocate(shape.outputShape()));
    } catch (RuntimeException e) {
      scope.close();
      throw e;
    }
  }

  /** One fused convolution: {@code y = relu(conv(x, weight) + bias)}. */
  public void run() {
    backend.conv().conv2d(x, weight, bias, shape.params(), null, true, y);
  }

  public ConvShape shape() {
    return shape;
  }

  /** The output tensor {@link #run()} writes. */
  public Tensor output() {
    return y;
  }

  @Override
  public void close() {
    scope.close();
  }

  static float[] gaussian(SplittableRandom random, int n, double std) {
    float[] data = new float[n];
    for (int i = 0; i < n; i++) {
      data[i] = (float) (random.nextGaussian() * std);
    }
    return data;
  }
}
