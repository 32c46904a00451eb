package io.jresnet.tck;

import java.util.Random;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Numerical gradients in {@code double} by central differences, for checking backward kernels: a vector-valued
 * forward {@code f} becomes the scalar {@code L(v) = Σ w ⊙ f(v)} with fixed random weights {@code w}, whose
 * gradient is exactly what a backward kernel returns when fed {@code dy = w}.
 */
public final class FiniteDifferences {
  /**
   * The default step. The forwards are evaluated in {@code double}, so rounding adds only about 1e-12 relative at
   * this step, while the truncation error of a central difference (step² times the third derivative) stays near
   * 1e-8 for the smooth functions (batch-norm, softmax); piecewise-linear ones are exact between kinks.
   */
  public static final double STEP = 1e-4;

  private FiniteDifferences() {}

  /** {@code ∂L/∂v} at {@code at} for a scalar {@code L}, one central difference per element. */
  public static double[] gradient(float[] at, ToDoubleFunction<double[]> loss) {
    double[] v = Float64Forward.widen(at);
    double[] grad = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      double original = v[i];
      v[i] = original + STEP;
      double plus = loss.applyAsDouble(v);
      v[i] = original - STEP;
      double minus = loss.applyAsDouble(v);
      v[i] = original;
      grad[i] = (plus - minus) / (2 * STEP);
    }
    return grad;
  }

  /** {@code ∂/∂v Σ w ⊙ f(v)} at {@code at}: the gradient a backward kernel returns for {@code dy = w}. */
  public static double[] gradient(float[] at, float[] w, Function<double[], double[]> forward) {
    return gradient(at, v -> weightedSum(w, forward.apply(v)));
  }

  /** {@code Σ w ⊙ y}, in {@code double}. */
  public static double weightedSum(float[] w, double[] y) {
    if (w.length != y.length) {
      throw new IllegalArgumentException("weights have " + w.length + " elements, the forward output " + y.length);
    }
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      sum += w[i] * y[i];
    }
    return sum;
  }

  /** {@code ‖analytic − numeric‖₂ / ‖numeric‖₂}; {@code ‖analytic‖₂} when the numeric gradient is all zeros. */
  public static double relativeError(float[] analytic, double[] numeric) {
    if (analytic.length != numeric.length) {
      throw new IllegalArgumentException(
          "cannot compare " + analytic.length + " gradient values with " + numeric.length + " numeric ones");
    }
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < numeric.length; i++) {
      double d = analytic[i] - numeric[i];
      diff += d * d;
      norm += numeric[i] * numeric[i];
    }
    return norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
  }

  /**
   * {@code count} distinct values in (-1, 1), shuffled, {@code 2 / count} apart and at least {@code 0.5 / count}
   * away from 0: no max-pool window ties and no ReLU input on its kink within a {@link #STEP} (for counts up to
   * 5,000).
   */
  public static float[] distinct(Random random, int count) {
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] = (float) (-1 + (i + 0.75) * (2.0 / count)); // 0.75, not 0.5: no value lands on 0
    }
    for (int i = count - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      float t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
    return values;
  }
}
