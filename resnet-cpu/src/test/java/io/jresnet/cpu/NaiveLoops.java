package io.jresnet.cpu;

import io.jresnet.backend.Conv2dParams;
import java.util.SplittableRandom;

/** Plain-loop twins of the SIMD kernels, accumulating in double: the oracles of this module's own tests. */
final class NaiveLoops {
  private NaiveLoops() {}

  /** {@code C[m, n] = A[m, k] · B[k, n]} with A, B, C dense row-major. */
  static float[] gemm(float[] a, float[] b, int m, int n, int k) {
    float[] c = new float[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int p = 0; p < k; p++) {
          s += (double) a[i * k + p] * b[p * n + j];
        }
        c[i * n + j] = (float) s;
      }
    }
    return c;
  }

  /** NHWC x {@code [n, h, w, cin]}, HWIO weights; bias and residual may be null. */
  static float[] conv2d(
      float[] x, int n, int h, int w, int cin, float[] wt, int cout, float[] bias, Conv2dParams p, float[] residual,
      boolean relu) {
    int oh = p.outputH(h);
    int ow = p.outputW(w);
    int cinG = cin / p.groups();
    int coutG = cout / p.groups();
    float[] y = new float[n * oh * ow * cout];
    for (int b = 0; b < n; b++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          for (int co = 0; co < cout; co++) {
            int g = co / coutG;
            double s = bias == null ? 0 : bias[co];
            for (int i = 0; i < p.kernelH(); i++) {
              int iy = oy * p.strideH() - p.padTop() + i * p.dilationH();
              for (int j = 0; j < p.kernelW(); j++) {
                int ix = ox * p.strideW() - p.padLeft() + j * p.dilationW();
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                  continue;
                }
                for (int ci = 0; ci < cinG; ci++) {
                  s += (double) x[((b * h + iy) * w + ix) * cin + g * cinG + ci]
                      * wt[((i * p.kernelW() + j) * cinG + ci) * cout + co];
                }
              }
            }
            int o = ((b * oh + oy) * ow + ox) * cout + co;
            if (residual != null) {
              s += residual[o];
            }
            y[o] = (float) (relu ? Math.max(s, 0) : s);
          }
        }
      }
    }
    return y;
  }

  /** The input gradient of {@link #conv2d}: scatters {@code dy · wᵀ} onto the cells each window read. */
  static float[] conv2dBackwardData(
      float[] dy, int n, int h, int w, int cin, float[] wt, int cout, Conv2dParams p) {
    double[] dx = new double[n * h * w * cin];
    forEachTap(n, h, w, cin, cout, p, (xi, wi, yi) -> dx[xi] += (double) dy[yi] * wt[wi]);
    return toFloat(dx);
  }

  /** The weight gradient of {@link #conv2d} (HWIO). */
  static float[] conv2dBackwardFilter(
      float[] x, float[] dy, int n, int h, int w, int cin, int cout, Conv2dParams p) {
    double[] dw = new double[p.kernelH() * p.kernelW() * (cin / p.groups()) * cout];
    forEachTap(n, h, w, cin, cout, p, (xi, wi, yi) -> dw[wi] += (double) dy[yi] * x[xi]);
    return toFloat(dw);
  }

  /** One multiply of a convolution: input index, HWIO weight index, output index. */
  @FunctionalInterface
  interface Tap {
    void visit(int xIndex, int wIndex, int yIndex);
  }

  /** Calls {@code tap} for every (input, weight, output) triple a convolution multiplies. */
  static void forEachTap(int n, int h, int w, int cin, int cout, Conv2dParams p, Tap tap) {
    int oh = p.outputH(h);
    int ow = p.outputW(w);
    int cinG = cin / p.groups();
    int coutG = cout / p.groups();
    for (int b = 0; b < n; b++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          for (int co = 0; co < cout; co++) {
            int g = co / coutG;
            for (int i = 0; i < p.kernelH(); i++) {
              int iy = oy * p.strideH() - p.padTop() + i * p.dilationH();
              for (int j = 0; j < p.kernelW(); j++) {
                int ix = ox * p.strideW() - p.padLeft() + j * p.dilationW();
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                  continue;
                }
                for (int ci = 0; ci < cinG; ci++) {
                  tap.visit(
                      ((b * h + iy) * w + ix) * cin + g * cinG + ci,
                      ((i * p.kernelW() + j) * cinG + ci) * cout + co,
                      ((b * oh + oy) * ow + ox) * cout + co);
                }
              }
            }
          }
        }
      }
    }
  }

  static float[] toFloat(double[] v) {
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return f;
  }

  static float[] random(SplittableRandom rnd, int size) {
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = (float) rnd.nextDouble(-1, 1);
    }
    return v;
  }

  /** ‖actual − expected‖ / ‖expected‖ (or the absolute norm when expected is zero). */
  static double relativeError(float[] actual, float[] expected) {
    double diff = 0;
    double ref = 0;
    for (int i = 0; i < expected.length; i++) {
      double d = (double) actual[i] - expected[i];
      diff += d * d;
      ref += (double) expected[i] * expected[i];
    }
    return ref == 0 ? Math.sqrt(diff) : Math.sqrt(diff / ref);
  }

  /** The largest elementwise |actual − expected| / (1 + |expected|). */
  static double maxScaledError(float[] actual, float[] expected) {
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs((double) actual[i] - expected[i]) / (1 + Math.abs(expected[i])));
    }
    return worst;
  }
}
