// Pooling kernels over NHWC float32, forward and backward. Backward passes gather (one thread per input cell,
// summing the windows that cover it) instead of scattering with atomics, so they are deterministic.

#define GRID_STRIDE(i, n) \
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < (n); \
       i += (long long)blockDim.x * gridDim.x)

struct PoolGeometry {
  int n, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl, countPadding;
};

// Index of the window's first maximum in row-major order (ties keep the earlier cell, as PyTorch), or -1.
__device__ long long window_argmax(const float* x, const PoolGeometry g, int b, int oy, int ox, int ch) {
  long long best = -1;
  float bestValue = 0.0f;
  for (int ky = 0; ky < g.kh; ky++) {
    int iy = oy * g.sh - g.pt + ky;
    if (iy < 0 || iy >= g.h) continue;
    for (int kx = 0; kx < g.kw; kx++) {
      int ix = ox * g.sw - g.pl + kx;
      if (ix < 0 || ix >= g.w) continue;
      long long at = (((long long)b * g.h + iy) * g.w + ix) * g.c + ch;
      float v = x[at];
      if (best < 0 || v > bestValue) {
        best = at;
        bestValue = v;
      }
    }
  }
  return best;
}

__device__ int real_cells(const PoolGeometry g, int oy, int ox) {
  int y0 = max(oy * g.sh - g.pt, 0), y1 = min(oy * g.sh - g.pt + g.kh, g.h);
  int x0 = max(ox * g.sw - g.pl, 0), x1 = min(ox * g.sw - g.pl + g.kw, g.w);
  return max(y1 - y0, 0) * max(x1 - x0, 0);
}

extern "C" __global__ void max_pool_f32(const float* x, float* y, PoolGeometry g) {
  long long total = (long long)g.n * g.oh * g.ow * g.c;
  GRID_STRIDE(i, total) {
    int ch = (int)(i % g.c);
    long long r = i / g.c;
    int ox = (int)(r % g.ow);
    r /= g.ow;
    int oy = (int)(r % g.oh);
    int b = (int)(r / g.oh);
    long long at = window_argmax(x, g, b, oy, ox, ch);
    y[i] = at < 0 ? -INFINITY : x[at];
  }
}

extern "C" __global__ void avg_pool_f32(const float* x, float* y, PoolGeometry g) {
  long long total = (long long)g.n * g.oh * g.ow * g.c;
  GRID_STRIDE(i, total) {
    int ch = (int)(i % g.c);
    long long r = i / g.c;
    int ox = (int)(r % g.ow);
    r /= g.ow;
    int oy = (int)(r % g.oh);
    int b = (int)(r / g.oh);
    float acc = 0.0f;
    for (int ky = 0; ky < g.kh; ky++) {
      int iy = oy * g.sh - g.pt + ky;
      if (iy < 0 || iy >= g.h) continue;
      for (int kx = 0; kx < g.kw; kx++) {
        int ix = ox * g.sw - g.pl + kx;
        if (ix < 0 || ix >= g.w) continue;
        acc += x[(((long long)b * g.h + iy) * g.w + ix) * g.c + ch];
      }
    }
    int divisor = g.countPadding ? g.kh * g.kw : real_cells(g, oy, ox);
    y[i] = acc / divisor;
  }
}

// The output windows covering input row iy: oy in [first, last].
__device__ void covering(int i, int k, int s, int pad, int outSize, int* first, int* last) {
  int p = i + pad;  // position in the padded input
  *first = p < k ? 0 : (p - k) / s + 1;
  *last = min(p / s, outSize - 1);
}

extern "C" __global__ void max_pool_backward_f32(const float* x, const float* dy, float* dx, PoolGeometry g) {
  long long total = (long long)g.n * g.h * g.w * g.c;
  GRID_STRIDE(i, total) {
    int ch = (int)(i % g.c);
    long long r = i / g.c;
    int ix = (int)(r % g.w);
    r /= g.w;
    int iy = (int)(r % g.h);
    int b = (int)(r / g.h);
    int y0, y1, x0, x1;
    covering(iy, g.kh, g.sh, g.pt, g.oh, &y0, &y1);
    covering(ix, g.kw, g.sw, g.pl, g.ow, &x0, &x1);
    float acc = 0.0f;
    for (int oy = y0; oy <= y1; oy++) {
      for (int ox = x0; ox <= x1; ox++) {
        if (window_argmax(x, g, b, oy, ox, ch) == i) {
          acc += dy[(((long long)b * g.oh + oy) * g.ow + ox) * g.c + ch];
        }
      }
    }
    dx[i] = acc;
  }
}

extern "C" __global__ void avg_pool_backward_f32(const float* dy, float* dx, PoolGeometry g) {
  long long total = (long long)g.n * g.h * g.w * g.c;
  GRID_STRIDE(i, total) {
    int ch = (int)(i % g.c);
    long long r = i / g.c;
    int ix = (int)(r % g.w);
    r /= g.w;
    int iy = (int)(r % g.h);
    int b = (int)(r / g.h);
    int y0, y1, x0, x1;
    covering(iy, g.kh, g.sh, g.pt, g.oh, &y0, &y1);
    covering(ix, g.kw, g.sw, g.pl, g.ow, &x0, &x1);
    float acc = 0.0f;
    for (int oy = y0; oy <= y1; oy++) {
      for (int ox = x0; ox <= x1; ox++) {
        int divisor = g.countPadding ? g.kh * g.kw : real_cells(g, oy, ox);
        acc += dy[(((long long)b * g.oh + oy) * g.ow + ox) * g.c + ch] / divisor;
      }
    }
    dx[i] = acc;
  }
}

// y [N, C] = mean over H*W of x [N, H*W, C]; one thread per (n, c), neighbouring threads read neighbouring c.
extern "C" __global__ void global_avg_pool_f32(const float* x, float* y, int n, int hw, int c) {
  long long total = (long long)n * c;
  GRID_STRIDE(i, total) {
    int ch = (int)(i % c);
    int b = (int)(i / c);
    const float* base = x + (long long)b * hw * c + ch;
    float acc = 0.0f;
    for (int p = 0; p < hw; p++) acc += base[(long long)p * c];
    y[i] = acc / hw;
  }
}

extern "C" __global__ void global_avg_pool_backward_f32(const float* dy, float* dx, int hw, int c, long long total) {
  GRID_STRIDE(i, total) {
    int ch = (int)(i % c);
    long long b = i / ((long long)hw * c);
    dx[i] = dy[b * c + ch] / hw;
  }
}
