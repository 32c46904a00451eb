package io.jresnet.cuda;

import io.jresnet.cuda.ffi.Cublas;
import io.jresnet.cuda.ffi.Cudnn;
import io.jresnet.cuda.ffi.GpuDevice;
import java.util.Objects;

/**
 * Everything the CUDA backend needs that the probe found: the GPU and the bound cuDNN and cuBLAS.
 *
 * @param device the GPU (device 0)
 * @param cudnn cuDNN, opened
 * @param cudnnVersion e.g. {@code 9.1.0}
 * @param cublas cuBLAS, opened
 * @param cublasVersion e.g. {@code 12.6.4}
 */
public record CudaLibraries(GpuDevice device, Cudnn cudnn, String cudnnVersion, Cublas cublas, String cublasVersion) {
  public CudaLibraries {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(cudnn, "cudnn");
    Objects.requireNonNull(cudnnVersion, "cudnnVersion");
    Objects.requireNonNull(cublas, "cublas");
    Objects.requireNonNull(cublasVersion, "cublasVersion");
  }
}
