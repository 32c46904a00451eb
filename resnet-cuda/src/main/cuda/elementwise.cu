// Elementwise and data-movement kernels of the CUDA backend: float32, NHWC, grid-stride loops.
// Reductions write one partial per block; the host adds the partials in order, so results are deterministic.

#define GRID_STRIDE(i, n) \
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < (n); \
       i += (long long)blockDim.x * gridDim.x)

extern "C" __global__ void fill_f32(float* y, float value, long long n) {
  GRID_STRIDE(i, n) { y[i] = value; }
}

extern "C" __global__ void relu_f32(const float* x, float* y, long long n) {
  GRID_STRIDE(i, n) { y[i] = fmaxf(x[i], 0.0f); }
}

// dx = y > 0 ? dy : 0 (y is the ReLU output or input: same sign).
extern "C" __global__ void relu_backward_f32(const float* y, const float* dy, float* dx, long long n) {
  GRID_STRIDE(i, n) { dx[i] = y[i] > 0.0f ? dy[i] : 0.0f; }
}

extern "C" __global__ void add_f32(const float* a, const float* b, float* y, int relu, long long n) {
  GRID_STRIDE(i, n) {
    float v = a[i] + b[i];
    y[i] = relu ? fmaxf(v, 0.0f) : v;
  }
}

// y += alpha * x
extern "C" __global__ void axpy_f32(float alpha, const float* x, float* y, long long n) {
  GRID_STRIDE(i, n) { y[i] = fmaf(alpha, x[i], y[i]); }
}

// y [N, OH, OW, C] = x [N, H, W, C] placed at (top, left), zeros around it.
extern "C" __global__ void pad2d_f32(const float* x, float* y, int n, int h, int w, int c, int top, int left,
                                     int oh, int ow) {
  long long total = (long long)n * oh * ow * c;
  GRID_STRIDE(i, total) {
    int ch = (int)(i % c);
    long long r = i / c;
    int ox = (int)(r % ow);
    r /= ow;
    int oy = (int)(r % oh);
    int b = (int)(r / oh);
    int iy = oy - top;
    int ix = ox - left;
    y[i] = (iy >= 0 && iy < h && ix >= 0 && ix < w) ? x[(((long long)b * h + iy) * w + ix) * c + ch] : 0.0f;
  }
}

// dx [N, H, W, C] = the window of dy [N, PH, PW, C] at (top, left).
extern "C" __global__ void crop2d_f32(const float* dy, float* dx, int n, int h, int w, int c, int top, int left,
                                      int ph, int pw) {
  long long total = (long long)n * h * w * c;
  GRID_STRIDE(i, total) {
    int ch = (int)(i % c);
    long long r = i / c;
    int x = (int)(r % w);
    r /= w;
    int y = (int)(r % h);
    int b = (int)(r / h);
    dx[i] = dy[(((long long)b * ph + y + top) * pw + x + left) * c + ch];
  }
}

// y [cols, rows] = transpose of x [rows, cols], through a 32x33 shared tile (no bank conflicts).
extern "C" __global__ void transpose_f32(const float* x, float* y, int rows, int cols) {
  __shared__ float tile[32][33];
  int bx = blockIdx.x * 32;
  int by = blockIdx.y * 32;
  for (int j = threadIdx.y; j < 32; j += blockDim.y) {
    int r = by + j;
    int c = bx + threadIdx.x;
    if (r < rows && c < cols) tile[j][threadIdx.x] = x[(long long)r * cols + c];
  }
  __syncthreads();
  for (int j = threadIdx.y; j < 32; j += blockDim.y) {
    int c = bx + j;
    int r = by + threadIdx.x;
    if (r < rows && c < cols) y[(long long)c * rows + r] = tile[threadIdx.x][j];
  }
}

// The convolution/dense epilogue where cuDNN's fused one does not apply:
// y [rows, cols] = act(y + bias [cols] + residual [rows, cols]); bias and residual may be null.
extern "C" __global__ void epilogue_f32(float* y, const float* bias, const float* residual, int cols, int relu,
                                        long long n) {
  GRID_STRIDE(i, n) {
    float v = y[i];
    if (bias) v += bias[i % cols];
    if (residual) v += residual[i];
    y[i] = relu ? fmaxf(v, 0.0f) : v;
  }
}

// partial [chunks, cols]: column sums of x [rows, cols] over rows [chunk * rowsPerChunk, ...). Block (32, 8).
extern "C" __global__ void column_partial_sums_f32(const float* x, double* partial, int rows, int cols,
                                                   int rowsPerChunk) {
  __shared__ double sums[8][32];
  int c = blockIdx.x * 32 + threadIdx.x;
  int start = blockIdx.y * rowsPerChunk;
  int end = min(rows, start + rowsPerChunk);
  double acc = 0.0;
  if (c < cols) {
    for (int r = start + threadIdx.y; r < end; r += 8) acc += x[(long long)r * cols + c];
  }
  sums[threadIdx.y][threadIdx.x] = acc;
  __syncthreads();
  if (threadIdx.y == 0 && c < cols) {
    double total = 0.0;
    for (int k = 0; k < 8; k++) total += sums[k][threadIdx.x];
    partial[(long long)blockIdx.y * cols + c] = total;
  }
}

// out [cols] = sum over chunks of partial [chunks, cols], in chunk order.
extern "C" __global__ void column_finish_f32(const double* partial, float* out, int chunks, int cols) {
  int c = blockIdx.x * blockDim.x + threadIdx.x;
  if (c < cols) {
    double total = 0.0;
    for (int k = 0; k < chunks; k++) total += partial[(long long)k * cols + c];
    out[c] = (float)total;
  }
}

// Batch-norm with running statistics over channels-last x, fused with an optional ReLU.
extern "C" __global__ void bn_inference_f32(const float* x, const float* gamma, const float* beta,
                                            const float* mean, const float* var, float epsilon, int relu,
                                            float* y, int c, long long n) {
  GRID_STRIDE(i, n) {
    int ch = (int)(i % c);
    float scale = gamma[ch] * rsqrtf(var[ch] + epsilon);
    float v = (x[i] - mean[ch]) * scale + beta[ch];
    y[i] = relu ? fmaxf(v, 0.0f) : v;
  }
}

// Softmax over the last axis, one block of 256 threads per row; the row maximum is subtracted first.
extern "C" __global__ void softmax_rows_f32(const float* x, float* y, int cols) {
  __shared__ float shared[256];
  const float* row = x + (long long)blockIdx.x * cols;
  float* out = y + (long long)blockIdx.x * cols;
  float m = -INFINITY;
  for (int j = threadIdx.x; j < cols; j += blockDim.x) m = fmaxf(m, row[j]);
  shared[threadIdx.x] = m;
  __syncthreads();
  for (int s = blockDim.x / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) shared[threadIdx.x] = fmaxf(shared[threadIdx.x], shared[threadIdx.x + s]);
    __syncthreads();
  }
  m = shared[0];
  __syncthreads();
  float sum = 0.0f;
  for (int j = threadIdx.x; j < cols; j += blockDim.x) sum += expf(row[j] - m);
  shared[threadIdx.x] = sum;
  __syncthreads();
  for (int s = blockDim.x / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) shared[threadIdx.x] += shared[threadIdx.x + s];
    __syncthreads();
  }
  float inv = 1.0f / shared[0];
  for (int j = threadIdx.x; j < cols; j += blockDim.x) out[j] = expf(row[j] - m) * inv;
}

// partial[block] = sum of x[i]^2 over the block's grid-stride share, in double. 256 threads per block.
extern "C" __global__ void sum_squares_partial_f32(const float* x, double* partial, long long n) {
  __shared__ double shared[256];
  double acc = 0.0;
  GRID_STRIDE(i, n) { acc += (double)x[i] * x[i]; }
  shared[threadIdx.x] = acc;
  __syncthreads();
  for (int s = blockDim.x / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) shared[threadIdx.x] += shared[threadIdx.x + s];
    __syncthreads();
  }
  if (threadIdx.x == 0) partial[blockIdx.x] = shared[0];
}

// partial[block] = how many of the block's elements are NaN or infinite. 256 threads per block.
extern "C" __global__ void count_nonfinite_partial_f32(const float* x, unsigned long long* partial, long long n) {
  __shared__ unsigned long long shared[256];
  unsigned long long count = 0;
  GRID_STRIDE(i, n) { count += isfinite(x[i]) ? 0 : 1; }
  shared[threadIdx.x] = count;
  __syncthreads();
  for (int s = blockDim.x / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) shared[threadIdx.x] += shared[threadIdx.x + s];
    __syncthreads();
  }
  if (threadIdx.x == 0) partial[blockIdx.x] = shared[0];
}
