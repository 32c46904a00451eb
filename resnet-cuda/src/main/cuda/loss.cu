// Fused softmax + cross-entropy with PyTorch's label smoothing, forward and backward in one pass.
// One block of 256 threads per row; log-sum-exp with the row maximum subtracted, in double.

extern "C" __global__ void softmax_cross_entropy_f32(const float* logits, const int* labels, float smoothing,
                                                     float* dLogits, float* probabilities, double* rowLoss,
                                                     int rows, int k) {
  __shared__ double shared[256];
  int row = blockIdx.x;
  const float* z = logits + (long long)row * k;
  double m = -INFINITY;
  for (int j = threadIdx.x; j < k; j += blockDim.x) m = fmax(m, (double)z[j]);
  shared[threadIdx.x] = m;
  __syncthreads();
  for (int s = blockDim.x / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) shared[threadIdx.x] = fmax(shared[threadIdx.x], shared[threadIdx.x + s]);
    __syncthreads();
  }
  m = shared[0];
  __syncthreads();
  double sum = 0.0;
  for (int j = threadIdx.x; j < k; j += blockDim.x) sum += exp((double)z[j] - m);
  shared[threadIdx.x] = sum;
  __syncthreads();
  for (int s = blockDim.x / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) shared[threadIdx.x] += shared[threadIdx.x + s];
    __syncthreads();
  }
  double logSumExp = log(shared[0]);
  __syncthreads();
  double offTarget = (double)smoothing / k;
  double onTarget = 1.0 - (double)smoothing + offTarget;
  int label = labels[row];
  double loss = 0.0;
  for (int j = threadIdx.x; j < k; j += blockDim.x) {
    double logProb = (double)z[j] - m - logSumExp;
    double target = j == label ? onTarget : offTarget;
    loss -= target * logProb;
    double p = exp(logProb);
    if (dLogits) dLogits[(long long)row * k + j] = (float)((p - target) / rows);
    if (probabilities) probabilities[(long long)row * k + j] = (float)p;
  }
  shared[threadIdx.x] = loss;
  __syncthreads();
  for (int s = blockDim.x / 2; s > 0; s >>= 1) {
    if (threadIdx.x < s) shared[threadIdx.x] += shared[threadIdx.x + s];
    __syncthreads();
  }
  if (threadIdx.x == 0) rowLoss[row] = shared[0];
}
