package io.jresnet.cuda;

/**
 * Options of the CUDA backend.
 *
 * @param tf32 let cuDNN and cuBLAS use TF32 tensor cores for float32 (faster on Ampere and newer, about 1e-3
 *     relative instead of the 1e-4 contract); off by default
 * @param benchmarkAlgorithms choose each convolution's algorithms by measuring them once per shape
 *     ({@code cudnnFind...}), as PyTorch's {@code cudnn.benchmark}; otherwise take the heuristics' first choice
 * @param deviceOrdinal the CUDA device to run on
 */
public record CudaOptions(boolean tf32, boolean benchmarkAlgorithms, int deviceOrdinal) {
  public CudaOptions {
    if (deviceOrdinal < 0) {
      throw new IllegalArgumentException("deviceOrdinal must be >= 0, got " + deviceOrdinal);
    }
  }

  /** TF32 off, measured algorithm choice, device 0; {@code JRESNET_CUDA_TF32=1} turns TF32 on. */
  public static CudaOptions defaults() {
    return new CudaOptions("1".equals(System.getenv("JRESNET_CUDA_TF32")), true, 0);
  }
}
