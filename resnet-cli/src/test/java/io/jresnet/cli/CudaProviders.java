package io.jresnet.cli;

import io.jresnet.backend.BackendProvider;
import io.jresnet.cuda.CudaAvailability;
import io.jresnet.cuda.CudaBackendProvider;

/** The real CUDA backend provider with a fixed probe verdict, as on a machine without an NVIDIA driver. */
final class CudaProviders {
  static final String REASON = "no NVIDIA driver (libcuda.so.1) (details: resnet backends --verbose)";
  static final String DETAILS =
      "no NVIDIA driver: libcuda.so.1 is not on the dynamic loader's path; install the NVIDIA driver, or use"
          + " --backend cpu";

  private CudaProviders() {}

  static BackendProvider withoutDriver() {
    return new CudaBackendProvider(() -> new CudaAvailability(null, REASON, DETAILS));
  }
}
