package io.jresnet.cuda.ffi;

import java.util.Objects;

/**
 * The GPU the CUDA backend runs on, as the driver describes it.
 *
 * @param ordinal CUDA device index
 * @param name e.g. {@code NVIDIA H100 80GB HBM3}
 * @param totalMemoryBytes device memory
 * @param computeMajor compute capability, major part (8 for Ampere)
 * @param computeMinor compute capability, minor part
 * @param driverVersion the NVIDIA driver release (e.g. {@code 580.65.06}), or {@code unknown} without NVML
 * @param cudaVersion the CUDA version the driver supports (e.g. {@code 13.0})
 */
public record GpuDevice(
    int ordinal,
    String name,
    long totalMemoryBytes,
    int computeMajor,
    int computeMinor,
    String driverVersion,
    String cudaVersion) {
  public GpuDevice {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(driverVersion, "driverVersion");
    Objects.requireNonNull(cudaVersion, "cudaVersion");
    if (ordinal < 0 || totalMemoryBytes < 0) {
      throw new IllegalArgumentException("negative ordinal or memory: " + ordinal + ", " + totalMemoryBytes);
    }
  }

  /** {@code 8.0}. */
  public String computeCapability() {
    return computeMajor + "." + computeMinor;
  }

  /** Memory in GiB with one decimal, e.g. {@code 79.1 GiB}. */
  public String memoryText() {
    return String.format(java.util.Locale.ROOT, "%.1f GiB", totalMemoryBytes / (1024.0 * 1024 * 1024));
  }

  /** Decodes the driver API's version integer: {@code 13000} is {@code 13.0}, {@code 12060} is {@code 12.6}. */
  public static String cudaVersionText(int encoded) {
    return encoded / 1000 + "." + (encoded % 1000) / 10;
  }
}
