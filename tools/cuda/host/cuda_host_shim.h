// Lets grid-stride CUDA kernels without shared memory run as plain C++ on the host: one block of one thread, so
// each kernel's loop visits every element in order. For tools/cuda/host-check.sh only.
#pragma once
#include <algorithm>
#include <cmath>
#define __global__
#define __device__
struct HostDim { long long x = 0, y = 0, z = 0; };
static HostDim blockIdx, threadIdx;
static HostDim blockDim{1, 1, 1}, gridDim{1, 1, 1};
using std::max;
using std::isfinite;
using std::min;
// Kernels with shared memory compile (and are not run): the host check calls only grid-stride ones.
#define __shared__ static
static inline void __syncthreads() {}
static inline float rsqrtf(float x) { return 1.0f / std::sqrt(x); }
