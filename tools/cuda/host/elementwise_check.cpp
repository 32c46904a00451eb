// Host check of the grid-stride kernels of elementwise.cu and optimizer.cu: zero padding and its crop, the
// convolution epilogue, batch-norm inference and the SGD/Adam steps, against plain loops of the reference backend's
// formulas (in double).
#include "cuda_host_shim.h"
#include "../../../resnet-cuda/src/main/cuda/elementwise.cu"
#include "../../../resnet-cuda/src/main/cuda/optimizer.cu"
#include <cstdio>
#include <cstdlib>
#include <vector>

static int failures = 0;

static void expect(const char* what, double got, double want) {
  if (std::fabs(got - want) > 1e-6 * (1 + std::fabs(want))) {
    if (failures++ < 10) std::printf("FAIL %s: %g, expected %g\n", what, got, want);
  }
}

static std::vector<float> random(size_t n, float lo, float hi) {
  std::vector<float> v(n);
  for (auto& x : v) x = lo + (hi - lo) * (float)rand() / RAND_MAX;
  return v;
}

int main() {
  srand(11);
  // pad2d / crop2d: [2, 3, 4, 5] padded by top 1, bottom 2, left 0, right 3.
  int n = 2, h = 3, w = 4, c = 5, top = 1, bottom = 2, left = 0, right = 3, oh = h + top + bottom, ow = w + left + right;
  std::vector<float> x = random(n * h * w * c, -1, 1), y(n * oh * ow * c, 99.f), back(x.size(), 99.f);
  pad2d_f32(x.data(), y.data(), n, h, w, c, top, left, oh, ow);
  for (int b = 0; b < n; b++)
    for (int i = 0; i < oh; i++)
      for (int j = 0; j < ow; j++)
        for (int k = 0; k < c; k++) {
          int si = i - top, sj = j - left;
          double want = si >= 0 && si < h && sj >= 0 && sj < w ? x[((b * h + si) * w + sj) * c + k] : 0;
          expect("pad2d", y[((b * oh + i) * ow + j) * c + k], want);
        }
  crop2d_f32(y.data(), back.data(), n, h, w, c, top, left, oh, ow);
  for (size_t i = 0; i < x.size(); i++) expect("crop2d", back[i], x[i]);

  // epilogue: y = relu(y + bias + residual) over [rows, cols].
  int rows = 7, cols = 6;
  std::vector<float> acc = random(rows * cols, -1, 1), bias = random(cols, -1, 1), res = random(rows * cols, -1, 1);
  std::vector<float> out = acc;
  epilogue_f32(out.data(), bias.data(), res.data(), cols, 1, rows * cols);
  for (int i = 0; i < rows * cols; i++) expect("epilogue", out[i], std::max(0.0, (double)acc[i] + bias[i % cols] + res[i]));
  out = acc;
  epilogue_f32(out.data(), bias.data(), nullptr, cols, 0, rows * cols);
  for (int i = 0; i < rows * cols; i++) expect("epilogue bias only", out[i], (double)acc[i] + bias[i % cols]);

  // batch-norm inference with ReLU, in place.
  std::vector<float> gamma = random(cols, 0.5f, 1.5f), beta = random(cols, -1, 1), mean = random(cols, -1, 1),
                     var = random(cols, 0.1f, 2), bn = acc;
  bn_inference_f32(bn.data(), gamma.data(), beta.data(), mean.data(), var.data(), 1e-3f, 1, bn.data(), cols,
                   rows * cols);
  for (int i = 0; i < rows * cols; i++) {
    int k = i % cols;
    double v = (acc[i] - mean[k]) / std::sqrt((double)var[k] + 1e-3) * gamma[k] + beta[k];
    expect("bn_inference", bn[i], std::max(0.0, v));
  }

  // SGD with Nesterov momentum and weight decay, then Adam and AdamW at step 3.
  int m = 50;
  std::vector<float> p0 = random(m, -1, 1), g = random(m, -1, 1), v0 = random(m, -0.1f, 0.1f);
  std::vector<float> p = p0, v = v0;
  sgd_f32(p.data(), g.data(), v.data(), 0.1f, 0.9f, 1e-2f, 1, m);
  for (int i = 0; i < m; i++) {
    double gi = g[i] + 1e-2 * (double)p0[i], vi = 0.9 * (double)v0[i] + gi;
    expect("sgd velocity", v[i], vi);
    expect("sgd param", p[i], p0[i] - 0.1 * (gi + 0.9 * vi));
  }
  for (int decoupled = 0; decoupled < 2; decoupled++) {
    std::vector<float> pa = p0, ma = random(m, -0.1f, 0.1f), va = random(m, 0, 0.01f), m0 = ma, va0 = va;
    double c1 = 1 - std::pow(0.9, 3), c2 = 1 - std::pow(0.999, 3);
    adam_f32(pa.data(), g.data(), ma.data(), va.data(), 1e-3f, 0.9f, 0.999f, 1e-8f, 0.05f, decoupled, c1, c2, m);
    for (int i = 0; i < m; i++) {
      double pi = p0[i], gi = g[i];
      if (decoupled) pi *= 1 - 1e-3 * (double)0.05f; else gi += (double)0.05f * pi;
      double mi = 0.9f * (double)m0[i] + (1 - (double)0.9f) * gi;
      double vi = 0.999f * (double)va0[i] + (1 - (double)0.999f) * gi * gi;
      expect("adam param", pa[i], pi - (double)1e-3f * (mi / c1) / (std::sqrt(vi / c2) + (double)1e-8f));
    }
  }
  if (failures) {
    std::printf("elementwise.cu/optimizer.cu host check: %d FAILED\n", failures);
    return 1;
  }
  std::printf("elementwise.cu/optimizer.cu host check: all cases agree\n");
  return 0;
}
