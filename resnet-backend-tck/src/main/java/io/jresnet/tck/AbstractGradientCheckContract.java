package io.jresnet.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Base of the contracts that check a backend's float32 backward kernels against numerical gradients of the float64
 * forwards in {@link Float64Forward} ({@link FiniteDifferences}). The measure is {@code ‖g − g_num‖₂ / ‖g_num‖₂}
 * per gradient tensor; override {@link #gradientTolerance()} to loosen it for a backend whose arithmetic is
 * coarser than float32 (TF32, half precision), and say why.
 */
public abstract class AbstractGradientCheckContract extends AbstractBackendContract {
  /** The bound for a float32 backward against a float64 finite difference. */
  public static final double GRADIENT_TOLERANCE = 1e-3;

  /** Largest accepted {@code ‖g − g_num‖ / ‖g_num‖}; 1e-3 by default. */
  protected double gradientTolerance() {
    return GRADIENT_TOLERANCE;
  }

  /** Fails unless the backend's gradient is within {@link #gradientTolerance()} of the numerical one. */
  protected final void assertGradient(Object testCase, String what, float[] analytic, double[] numeric) {
    assertEquals(numeric.length, analytic.length, () -> testCase + ": " + what + " length");
    double error = FiniteDifferences.relativeError(analytic, numeric);
    if (!(error <= gradientTolerance())) {
      int worst = 0;
      double worstDiff = -1;
      for (int i = 0; i < numeric.length; i++) {
        double d = Math.abs(analytic[i] - numeric[i]);
        if (Double.isNaN(d) || d > worstDiff) {
          worst = i;
          worstDiff = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
        }
      }
      fail(
          String.format(
              "%s: %s differs from the float64 finite difference by %.3g relative (bound %.3g); worst element [%d]"
                  + " is %s, numerically %s",
              testCase, what, error, gradientTolerance(), worst, analytic[worst], numeric[worst]));
    }
  }
}
