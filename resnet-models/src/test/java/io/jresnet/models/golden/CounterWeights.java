package io.jresnet.models.golden;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Counter-based weights: element {@code i} of the tensor {@code name} is a pure function of the two, so golden tests
 * generate ResNet weights instead of committing them. The Java twin of {@code tools/golden/counter_weights.py}; the
 * formula, bit for bit, is documented in {@code tools/golden/README.md}.
 *
 * <p>Shapes are PyTorch layouts, as in torchvision's {@code state_dict}: {@code OIHW} convolutions, {@code [out, in]}
 * linear layers, 1-D biases and batch-norm vectors; elements are numbered in row-major order of that shape.
 */
public final class CounterWeights {
  private static final long FNV_OFFSET = 0xCBF29CE484222325L;
  private static final long FNV_PRIME = 0x100000001B3L;
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
  private static final long MIX_1 = 0xBF58476D1CE4E5B9L;
  private static final long MIX_2 = 0x94D049BB133111EBL;
  private static final double TWO_TO_MINUS_24 = 0x1p-24;

  private static final CounterRange BIAS = new CounterRange(-0.1, 0.1);
  private static final CounterRange RUNNING_MEAN = new CounterRange(-0.1, 0.1);
  private static final CounterRange GAMMA = new CounterRange(0.5, 1.0);
  private static final CounterRange RUNNING_VAR = new CounterRange(0.5, 1.5);

  /** The suffix of PyTorch's batch-norm step counter, which is not a weight and gets no formula values. */
  public static final String SKIPPED_SUFFIX = "num_batches_tracked";

  private CounterWeights() {}

  /** FNV-1a 64 of the UTF-8 bytes of {@code name}. */
  public static long seed(String name) {
    long h = FNV_OFFSET;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xFF)) * FNV_PRIME;
    }
    return h;
  }

  /** The SplitMix64 finaliser of {@code seed + index * golden gamma}, all modulo 2^64. */
  public static long hash(long seed, long index) {
    long z = seed + index * GOLDEN_GAMMA;
    z = (z ^ (z >>> 30)) * MIX_1;
    z = (z ^ (z >>> 27)) * MIX_2;
    return z ^ (z >>> 31);
  }

  /** The top 24 bits of a hash as a uniform in {@code [0, 1)}. */
  public static double unit(long hash) {
    return (hash >>> 40) * TWO_TO_MINUS_24;
  }

  /** Whether {@code name} is a weight the formula generates (everything but {@code num_batches_tracked}). */
  public static boolean isGenerated(String name) {
    return !name.endsWith(SKIPPED_SUFFIX);
  }

  /**
   * The interval of tensor {@code name} with PyTorch shape {@code shape}, from the last part of the name and the rank.
   *
   * @throws IllegalArgumentException naming the tensor when the formula has no role for it
   */
  public static CounterRange range(String name, int[] shape) {
    String leaf = name.substring(name.lastIndexOf('.') + 1);
    if (leaf.equals("weight") && shape.length >= 2) {
      double half = Math.sqrt(3.0 / fanIn(shape));
      return new CounterRange(-half, half);
    }
    return switch (leaf) {
      case "weight" -> {
        if (shape.length != 1) {
          throw new IllegalArgumentException(
              "tensor '" + name + "' with shape " + Arrays.toString(shape) + ": a weight must have rank 1 (gamma)"
                  + " or at least 2 (conv, linear)");
        }
        yield GAMMA;
      }
      case "bias" -> BIAS;
      case "running_mean" -> RUNNING_MEAN;
      case "running_var" -> RUNNING_VAR;
      default ->
          throw new IllegalArgumentException(
              "tensor '" + name + "' with shape " + Arrays.toString(shape) + ": no counter-weight role for '"
                  + leaf + "' (expected weight, bias, running_mean or running_var)");
    };
  }

  /** All elements of tensor {@code name} in row-major order of its PyTorch shape {@code shape}. */
  public static float[] tensor(String name, int[] shape) {
    CounterRange range = range(name, shape);
    long seed = seed(name);
    float[] values = new float[elementCount(name, shape)];
    for (int i = 0; i < values.length; i++) {
      values[i] = range.map(unit(hash(seed, i)));
    }
    return values;
  }

  private static long fanIn(int[] shape) {
    long fanIn = 1;
    for (int d = 1; d < shape.length; d++) {
      fanIn *= shape[d];
    }
    return fanIn;
  }

  private static int elementCount(String name, int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException("tensor '" + name + "' has a non-positive dimension in "
            + Arrays.toString(shape));
      }
      n *= d;
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("tensor '" + name + "' with shape " + Arrays.toString(shape)
            + " has more than 2^31-1 elements");
      }
    }
    return (int) n;
  }
}
