package io.jresnet.tck;

import io.jresnet.backend.Backend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;

/** Test helpers shared by the contracts and other modules' tests: error measures and seeded random data. */
public final class Tensors {
  private Tensors() {}

  /**
   * The relative error {@code ‖actual − reference‖₂ / ‖reference‖₂}, summed in {@code double}. When the reference is
   * all zeros it is {@code ‖actual‖₂} (an absolute error), so exact zeros compare as 0 rather than NaN. Any NaN in
   * {@code actual} makes the result NaN, which no tolerance accepts.
   *
   * @throws IllegalArgumentException if the arrays differ in length
   */
  public static double relativeError(float[] actual, float[] reference) {
    if (actual.length != reference.length) {
      throw new IllegalArgumentException(
          "cannot compare " + actual.length + " values with a reference of " + reference.length);
    }
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < actual.length; i++) {
      double d = (double) actual[i] - reference[i];
      diff += d * d;
      norm += (double) reference[i] * reference[i];
    }
    return norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
  }

  /**
   * Index of the element where {@code actual} and {@code reference} differ most (a NaN counts as the largest
   * difference), or -1 when the arrays are empty.
   */
  public static int worstIndex(float[] actual, float[] reference) {
    int worst = -1;
    double worstDiff = -1;
    for (int i = 0; i < Math.min(actual.length, reference.length); i++) {
      double d = Math.abs((double) actual[i] - reference[i]);
      if (Double.isNaN(d)) {
        return i;
      }
      if (d > worstDiff) {
        worstDiff = d;
        worst = i;
      }
    }
    return worst;
  }

  /** {@code count} floats drawn uniformly from {@code [low, high)}. */
  public static float[] uniform(Random random, int count, float low, float high) {
    if (!(low < high)) {
      throw new IllegalArgumentException("need low < high, got [" + low + ", " + high + ")");
    }
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = low + (high - low) * random.nextFloat();
    }
    return values;
  }

  /** {@code count} floats drawn uniformly from {@code [low, high)} with a generator seeded by {@code seed}. */
  public static float[] uniform(long seed, int count, float low, float high) {
    return uniform(new Random(seed), count, low, high);
  }

  /** {@code count} floats from a normal distribution with mean 0 and standard deviation {@code std}. */
  public static float[] gaussian(Random random, int count, double std) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) (random.nextGaussian() * std);
    }
    return values;
  }

  /** A tensor of {@code backend} filled uniformly from {@code [-1, 1)}; the caller closes it. */
  public static Tensor uniformTensor(Backend backend, Shape shape, Random random) {
    return backend.fromHost(uniform(random, shape.size(), -1f, 1f), shape);
  }

  /** {@code count} copies of {@code value}, e.g. NaN to fill outputs that a kernel must fully overwrite. */
  public static float[] filled(int count, float value) {
    float[] values = new float[count];
    Arrays.fill(values, value);
    return values;
  }
}
