package io.jresnet.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Opens the CUDA backend for GPU tests, or skips the test (a JUnit assumption) where no usable GPU is found. */
final class CudaGpu {
  private CudaGpu() {}

  static CudaBackend open(boolean tf32) {
    CudaBackendProvider provider = new CudaBackendProvider();
    assumeTrue(provider.isAvailable(), () -> "no usable GPU: " + provider.unavailableReason());
    return provider.open(new CudaOptions(tf32, true, 0));
  }
}
