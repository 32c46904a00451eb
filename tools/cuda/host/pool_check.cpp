// Host check of pool.cu against plain loops written from the TCK reference's definition: max (first maximum in
// row-major window order wins, padded cells never do), average with and without padded cells in the divisor, and
// both backward passes, over symmetric, asymmetric and window-overlapping geometries.
#include "cuda_host_shim.h"
#include "../../../resnet-cuda/src/main/cuda/pool.cu"
#include <cstdio>
#include <cstdlib>
#include <vector>

static int failures = 0;

static void compare(const char* what, const std::vector<float>& got, const std::vector<double>& want) {
  for (size_t i = 0; i < got.size(); i++) {
    if (std::fabs(got[i] - want[i]) > 1e-5 * (1 + std::fabs(want[i]))) {
      std::printf("FAIL %s [%zu]: %g, expected %g\n", what, i, got[i], want[i]);
      failures++;
      return;
    }
  }
}

static void check(PoolGeometry g, const char* name) {
  int n = g.n, h = g.h, w = g.w, c = g.c, oh = g.oh, ow = g.ow;
  std::vector<float> x(n * h * w * c), dy(n * oh * ow * c);
  srand(7);
  for (auto& v : x) v = (float)(rand() % 7) - 3;  // few distinct values: many ties
  for (auto& v : dy) v = (float)rand() / RAND_MAX - 0.5f;
  std::vector<double> maxRef(dy.size()), avgRef(dy.size()), dxMax(x.size()), dxAvg(x.size());
  for (int b = 0; b < n; b++)
    for (int oy = 0; oy < oh; oy++)
      for (int ox = 0; ox < ow; ox++)
        for (int ch = 0; ch < c; ch++) {
          int o = ((b * oh + oy) * ow + ox) * c + ch, best = -1, real = 0;
          double sum = 0;
          for (int ky = 0; ky < g.kh; ky++)
            for (int kx = 0; kx < g.kw; kx++) {
              int iy = oy * g.sh - g.pt + ky, ix = ox * g.sw - g.pl + kx;
              if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
              int at = ((b * h + iy) * w + ix) * c + ch;
              real++;
              sum += x[at];
              if (best < 0 || x[at] > x[best]) best = at;
            }
          int divisor = g.countPadding ? g.kh * g.kw : real;
          maxRef[o] = best < 0 ? -INFINITY : x[best];
          avgRef[o] = sum / divisor;
          if (best >= 0) dxMax[best] += dy[o];
          for (int ky = 0; ky < g.kh; ky++)
            for (int kx = 0; kx < g.kw; kx++) {
              int iy = oy * g.sh - g.pt + ky, ix = ox * g.sw - g.pl + kx;
              if (iy >= 0 && iy < h && ix >= 0 && ix < w) dxAvg[((b * h + iy) * w + ix) * c + ch] += dy[o] / divisor;
            }
        }
  std::vector<float> y(dy.size()), dx(x.size());
  max_pool_f32(x.data(), y.data(), g);
  compare(name, y, maxRef);
  avg_pool_f32(x.data(), y.data(), g);
  compare(name, y, avgRef);
  max_pool_backward_f32(x.data(), dy.data(), dx.data(), g);
  compare(name, dx, dxMax);
  avg_pool_backward_f32(dy.data(), dx.data(), g);
  compare(name, dx, dxAvg);
}

static PoolGeometry geometry(int n, int h, int w, int c, int k, int s, int pt, int pb, int pl, int pr, int count) {
  int oh = (h + pt + pb - k) / s + 1, ow = (w + pl + pr - k) / s + 1;
  return PoolGeometry{n, h, w, c, oh, ow, k, k, s, s, pt, pl, count};
}

int main() {
  check(geometry(2, 16, 15, 3, 3, 2, 1, 1, 1, 1, 1), "ResNet stem 3x3/2 pad 1");
  check(geometry(1, 11, 13, 2, 3, 2, 1, 1, 1, 1, 0), "odd sizes, padding excluded");
  check(geometry(1, 15, 15, 2, 3, 2, 0, 0, 0, 0, 1), "valid 3x3/2");
  check(geometry(2, 7, 7, 5, 2, 2, 0, 1, 0, 1, 1), "Keras same 2x2/2, asymmetric");
  check(geometry(2, 7, 7, 5, 2, 2, 0, 1, 0, 1, 0), "Keras same 2x2/2, padding excluded");
  check(geometry(1, 5, 5, 4, 3, 1, 1, 1, 1, 1, 1), "3x3/1 same, overlapping windows");
  check(geometry(1, 9, 8, 3, 1, 2, 0, 0, 0, 0, 1), "1x1/2 subsampling");
  check(geometry(1, 4, 4, 2, 5, 3, 2, 2, 2, 2, 0), "window larger than the stride, heavy padding");
  if (failures) {
    std::printf("pool.cu host check: %d FAILED\n", failures);
    return 1;
  }
  std::printf("pool.cu host check: all cases agree\n");
  return 0;
}
