// In-place optimizer steps with PyTorch's semantics (torch.optim.SGD, Adam, AdamW), arithmetic in double as the
// reference backend does, so the float32 results round the same way.

#define GRID_STRIDE(i, n) \
  for (long long i = blockIdx.x * (long long)blockDim.x + threadIdx.x; i < (n); \
       i += (long long)blockDim.x * gridDim.x)

// g = grad + wd * p; v = momentum * v + g; p -= lr * (nesterov ? g + momentum * v : v). velocity may be null
// when momentum is 0 (then the step is g).
extern "C" __global__ void sgd_f32(float* param, const float* grad, float* velocity, float lr, float momentum,
                                   float weightDecay, int nesterov, long long n) {
  GRID_STRIDE(i, n) {
    double p = param[i];
    double g = grad[i] + (double)weightDecay * p;
    double step = g;
    if (velocity) {
      double v = (double)momentum * velocity[i] + g;
      velocity[i] = (float)v;
      step = nesterov ? g + (double)momentum * v : v;
    }
    param[i] = (float)(p - (double)lr * step);
  }
}

// Adam (decoupled = 0: L2 added to the gradient) or AdamW (decoupled = 1: the parameter shrinks first);
// correction1 = 1 - beta1^step, correction2 = 1 - beta2^step, computed on the host.
extern "C" __global__ void adam_f32(float* param, const float* grad, float* m, float* v, float lr, float beta1,
                                    float beta2, float epsilon, float weightDecay, int decoupled, double correction1,
                                    double correction2, long long n) {
  GRID_STRIDE(i, n) {
    double p = param[i];
    double g = grad[i];
    if (decoupled) {
      p *= 1.0 - (double)lr * weightDecay;
    } else {
      g += (double)weightDecay * p;
    }
    double mi = beta1 * (double)m[i] + (1.0 - (double)beta1) * g;
    double vi = beta2 * (double)v[i] + (1.0 - (double)beta2) * g * g;
    m[i] = (float)mi;
    v[i] = (float)vi;
    param[i] = (float)(p - lr * (mi / correction1) / (sqrt(vi / correction2) + epsilon));
  }
}
