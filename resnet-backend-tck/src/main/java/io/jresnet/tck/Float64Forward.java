package io.jresnet.tck;

import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.Pool2dParams;
import io.jresnet.tensor.Shape;

/**
 * Double-precision twins of the forward kernels, on plain arrays in the SPI's layouts (NHWC activations, HWIO conv
 * weights, {@code [in, out]} dense weights). {@link GradientCheckContract} differentiates them numerically, so
 * they are written independently of any backward rule, and in {@code double} throughout so that a central
 * difference carries no float32 rounding. Shapes are trusted: these serve tests, after the caller built
 * consistent arrays.
 */
public final class Float64Forward {
  private Float64Forward() {}

  /** Widens float32 values exactly. */
  public static double[] widen(float[] values) {
    double[] wide = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      wide[i] = values[i];
    }
    return wide;
  }

  /**
   * Convolution with zero padding: {@code x [N, H, W, Cin]}, {@code weight [kh, kw, Cin/groups, Cout]}, {@code
   * bias [Cout]} or null; returns {@code [N, OH, OW, Cout]}.
   */
  public static double[] conv2d(double[] x, Shape xShape, double[] weight, int cout, double[] bias, Conv2dParams p) {
    int n = xShape.dim(0);
    int h = xShape.dim(1);
    int w = xShape.dim(2);
    int cin = xShape.dim(3);
    int cinG = cin / p.groups();
    int coutG = cout / p.groups();
    int oh = p.outputH(h);
    int ow = p.outputW(w);
    double[] y = new double[n * oh * ow * cout];
    for (int b = 0; b < n; b++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          for (int co = 0; co < cout; co++) {
            double sum = bias == null ? 0 : bias[co];
            for (int ky = 0; ky < p.kernelH(); ky++) {
              for (int kx = 0; kx < p.kernelW(); kx++) {
                int iy = oy * p.strideH() - p.padTop() + ky * p.dilationH();
                int ix = ox * p.strideW() - p.padLeft() + kx * p.dilationW();
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                  continue;
                }
                int inBase = ((b * h + iy) * w + ix) * cin + (co / coutG) * cinG;
                int wBase = (ky * p.kernelW() + kx) * cinG * cout + co;
                for (int ci = 0; ci < cinG; ci++) {
                  sum += x[inBase + ci] * weight[wBase + ci * cout];
                }
              }
            }
            y[((b * oh + oy) * ow + ox) * cout + co] = sum;
          }
        }
      }
    }
    return y;
  }

  /** Training-mode batch-norm over the last axis of {@code x} (C channels) with the biased batch variance. */
  public static double[] batchNormTraining(double[] x, double[] gamma, double[] beta, double epsilon) {
    int c = gamma.length;
    int count = x.length / c;
    double[] mean = new double[c];
    double[] var = new double[c];
    for (int i = 0; i < x.length; i++) {
      mean[i % c] += x[i] / count;
    }
    for (int i = 0; i < x.length; i++) {
      double d = x[i] - mean[i % c];
      var[i % c] += d * d / count;
    }
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      int ch = i % c;
      y[i] = (x[i] - mean[ch]) / Math.sqrt(var[ch] + epsilon) * gamma[ch] + beta[ch];
    }
    return y;
  }

  /** Max pool (padded cells ignored) or average pool (divisor per {@link Pool2dParams#countPadding()}). */
  public static double[] pool2d(double[] x, Shape xShape, Pool2dParams p, boolean max) {
    int n = xShape.dim(0);
    int h = xShape.dim(1);
    int w = xShape.dim(2);
    int c = xShape.dim(3);
    int oh = p.outputH(h);
    int ow = p.outputW(w);
    double[] y = new double[n * oh * ow * c];
    for (int b = 0; b < n; b++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          for (int ch = 0; ch < c; ch++) {
            double acc = max ? Double.NEGATIVE_INFINITY : 0;
            int cells = 0;
            for (int ky = 0; ky < p.kernelH(); ky++) {
              for (int kx = 0; kx < p.kernelW(); kx++) {
                int iy = oy * p.strideH() - p.padTop() + ky;
                int ix = ox * p.strideW() - p.padLeft() + kx;
                if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                  double v = x[((b * h + iy) * w + ix) * c + ch];
                  acc = max ? Math.max(acc, v) : acc + v;
                  cells++;
                }
              }
            }
            int divisor = p.countPadding() ? p.kernelH() * p.kernelW() : cells;
            y[((b * oh + oy) * ow + ox) * c + ch] = max ? acc : acc / divisor;
          }
        }
      }
    }
    return y;
  }

  /** Mean over H and W: {@code [N, H, W, C] -> [N, C]}. */
  public static double[] globalAvgPool(double[] x, Shape xShape) {
    int n = xShape.dim(0);
    int cells = xShape.dim(1) * xShape.dim(2);
    int c = xShape.dim(3);
    double[] y = new double[n * c];
    for (int i = 0; i < x.length; i++) {
      y[(i / (cells * c)) * c + i % c] += x[i] / cells;
    }
    return y;
  }

  /** {@code max(x, 0)} elementwise. */
  public static double[] relu(double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.max(x[i], 0);
    }
    return y;
  }

  /** Zero padding {@code [N, H, W, C] -> [N, top+H+bottom, left+W+right, C]}. */
  public static double[] zeroPad2d(double[] x, Shape xShape, int top, int bottom, int left, int right) {
    int n = xShape.dim(0);
    int h = xShape.dim(1);
    int w = xShape.dim(2);
    int c = xShape.dim(3);
    int ph = top + h + bottom;
    int pw = left + w + right;
    double[] y = new double[n * ph * pw * c];
    for (int b = 0; b < n; b++) {
      for (int iy = 0; iy < h; iy++) {
        System.arraycopy(x, ((b * h + iy) * w) * c, y, ((b * ph + iy + top) * pw + left) * c, w * c);
      }
    }
    return y;
  }

  /** {@code x [N, in] · weight [in, out] + bias [out]} (bias may be null). */
  public static double[] dense(double[] x, int n, double[] weight, int out, double[] bias) {
    int in = x.length / n;
    double[] y = new double[n * out];
    for (int row = 0; row < n; row++) {
      for (int col = 0; col < out; col++) {
        double sum = bias == null ? 0 : bias[col];
        for (int k = 0; k < in; k++) {
          sum += x[row * in + k] * weight[k * out + col];
        }
        y[row * out + col] = sum;
      }
    }
    return y;
  }

  /**
   * Mean softmax cross-entropy of {@code logits [N, K]} against {@code labels}, with PyTorch's label smoothing
   * ({@code 1 - s} on the label plus {@code s / K} on every class).
   */
  public static double softmaxCrossEntropy(double[] logits, int[] labels, double smoothing) {
    int n = labels.length;
    int k = logits.length / n;
    double total = 0;
    for (int row = 0; row < n; row++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        max = Math.max(max, logits[row * k + j]);
      }
      double sumExp = 0;
      for (int j = 0; j < k; j++) {
        sumExp += Math.exp(logits[row * k + j] - max);
      }
      double logSumExp = max + Math.log(sumExp);
      for (int j = 0; j < k; j++) {
        double target = smoothing / k + (j == labels[row] ? 1 - smoothing : 0);
        total -= target * (logits[row * k + j] - logSumExp);
      }
    }
    return total / n;
  }
}
