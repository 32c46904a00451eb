package io.jresnet.tck;

import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.ConvKernels;
import io.jresnet.backend.DenseKernels;
import io.jresnet.backend.ElementwiseKernels;
import io.jresnet.backend.NormKernels;
import io.jresnet.backend.PoolKernels;
import io.jresnet.tensor.Tensor;

/**
 * Honest float32 versions of the accumulating kernels, written the way a SIMD backend computes: 16 partial sums
 * with fused multiply-adds reduced at the end, batch-norm folded into one scale and shift per channel, softmax with
 * {@code float} exponentials. Each first lets the reference validate the arguments (and compute), then overwrites
 * the output with its own float32 result. They let {@link ContractSensitivityTest} show that the default
 * tolerance admits ordinary float32 rounding.
 */
final class Float32Kernels {
  private static final int LANES = 16;

  private Float32Kernels() {}

  static ConvKernels conv(ReferenceBackend inner) {
    return new ForwardingConvKernels(inner.conv()) {
      @Override
      public void conv2d(
          Tensor x, Tensor w, Tensor bias, Conv2dParams p, Tensor residual, boolean relu, Tensor y) {
      float[] xs = x.copyToHost();
      float[] ws = w.copyToHost();
      float[] bs = bias == null ? null : bias.copyToHost();
      float[] rs = residual == null ? null : residual.copyToHost();
      inner.conv().conv2d(x, w, bias, p, residual, relu, y);
      int n = x.shape().dim(0);
      int h = x.shape().dim(1);
      int wd = x.shape().dim(2);
      int cin = x.shape().dim(3);
      int cout = w.shape().dim(3);
      int cinG = cin / p.groups();
      int coutG = cout / p.groups();
      int oh = p.outputH(h);
      int ow = p.outputW(wd);
      float[] out = new float[n * oh * ow * cout];
      for (int b = 0; b < n; b++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            for (int co = 0; co < cout; co++) {
              float[] partial = new float[LANES];
              int k = 0;
              for (int ky = 0; ky < p.kernelH(); ky++) {
                int iy = oy * p.strideH() - p.padTop() + ky * p.dilationH();
                for (int kx = 0; kx < p.kernelW(); kx++) {
                  int ix = ox * p.strideW() - p.padLeft() + kx * p.dilationW();
                  for (int ci = 0; ci < cinG; ci++, k++) {
                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                      float xv = xs[((b * h + iy) * wd + ix) * cin + (co / coutG) * cinG + ci];
                      float wv = ws[((ky * p.kernelW() + kx) * cinG + ci) * cout + co];
                      partial[k % LANES] = Math.fma(xv, wv, partial[k % LANES]);
                    }
                  }
                }
              }
              float v = reduce(partial) + (bs == null ? 0f : bs[co]);
              int at = ((b * oh + oy) * ow + ox) * cout + co;
              v += rs == null ? 0f : rs[at];
              out[at] = relu ? Math.max(v, 0f) : v;
            }
          }
        }
      }
      y.copyFromHost(out);
      }
    };
  }

  static DenseKernels dense(ReferenceBackend inner) {
    return new ForwardingDenseKernels(inner.dense()) {
      @Override
      public void dense(Tensor x, Tensor w, Tensor bias, Tensor y) {
      float[] xs = x.copyToHost();
      float[] ws = w.copyToHost();
      float[] bs = bias == null ? null : bias.copyToHost();
      inner.dense().dense(x, w, bias, y);
      int n = x.shape().dim(0);
      int in = x.shape().dim(1);
      int out = w.shape().dim(1);
      float[] ys = new float[n * out];
      for (int row = 0; row < n; row++) {
        for (int col = 0; col < out; col++) {
          float[] partial = new float[LANES];
          for (int k = 0; k < in; k++) {
            partial[k % LANES] = Math.fma(xs[row * in + k], ws[k * out + col], partial[k % LANES]);
          }
          ys[row * out + col] = reduce(partial) + (bs == null ? 0f : bs[col]);
        }
      }
      y.copyFromHost(ys);
      }
    };
  }

  static NormKernels norm(ReferenceBackend inner) {
    return new ForwardingNormKernels(inner.norm()) {
      @Override
      public void batchNormInference(
          Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor var, float epsilon, boolean relu, Tensor y) {
      float[] xs = x.copyToHost();
      float[] gs = gamma.copyToHost();
      float[] bs = beta.copyToHost();
      float[] ms = mean.copyToHost();
      float[] vs = var.copyToHost();
      inner.norm().batchNormInference(x, gamma, beta, mean, var, epsilon, relu, y);
      int c = gs.length;
      float[] scale = new float[c];
      float[] shift = new float[c];
      for (int ch = 0; ch < c; ch++) {
        scale[ch] = gs[ch] / (float) Math.sqrt(vs[ch] + epsilon);
        shift[ch] = bs[ch] - ms[ch] * scale[ch];
      }
      float[] ys = new float[xs.length];
      for (int i = 0; i < xs.length; i++) {
        float v = Math.fma(xs[i], scale[i % c], shift[i % c]);
        ys[i] = relu ? Math.max(v, 0f) : v;
      }
      y.copyFromHost(ys);
      }
    };
  }

  /** The reference's elementwise kernels, except a float32 softmax. */
  static ElementwiseKernels elementwise(ReferenceBackend inner) {
    ElementwiseKernels ref = inner.elementwise();
    return new ForwardingElementwiseKernels(ref) {

      @Override
      public void softmax(Tensor x, Tensor y) {
        float[] xs = x.copyToHost();
        ref.softmax(x, y);
        int width = x.shape().dim(-1);
        float[] ys = new float[xs.length];
        for (int start = 0; start < xs.length; start += width) {
          float max = Float.NEGATIVE_INFINITY;
          for (int j = 0; j < width; j++) {
            max = Math.max(max, xs[start + j]);
          }
          float sum = 0;
          for (int j = 0; j < width; j++) {
            ys[start + j] = (float) Math.exp(xs[start + j] - max);
            sum += ys[start + j];
          }
          float inverse = 1f / sum;
          for (int j = 0; j < width; j++) {
            ys[start + j] *= inverse;
          }
        }
        y.copyFromHost(ys);
      }
    };
  }

  /** The reference's pools, except a float32 average that sums in float and multiplies by the reciprocal. */
  static PoolKernels pool(ReferenceBackend inner) {
    PoolKernels ref = inner.pool();
    return new ForwardingPoolKernels(ref) {

      @Override
      public void globalAvgPool(Tensor x, Tensor y) {
        float[] xs = x.copyToHost();
        ref.globalAvgPool(x, y);
        int n = x.shape().dim(0);
        int cells = x.shape().dim(1) * x.shape().dim(2);
        int c = x.shape().dim(3);
        float[] ys = new float[n * c];
        for (int b = 0; b < n; b++) {
          for (int cell = 0; cell < cells; cell++) {
            for (int ch = 0; ch < c; ch++) {
              ys[b * c + ch] += xs[(b * cells + cell) * c + ch];
            }
          }
        }
        for (int i = 0; i < ys.length; i++) {
          ys[i] *= 1f / cells;
        }
        y.copyFromHost(ys);
      }
    };
  }

  private static float reduce(float[] partial) {
    float sum = 0;
    for (float p : partial) {
      sum += p;
    }
    return sum;
  }
}
