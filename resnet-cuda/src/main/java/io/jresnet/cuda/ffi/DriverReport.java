package io.jresnet.cuda.ffi;

import java.util.Objects;
import java.util.Optional;

/**
 * What the driver probe found: a GPU, or the problem (what is missing and how to fix it).
 *
 * @param device the first GPU, or null
 * @param summary what is missing in a few words (e.g. {@code no NVIDIA driver (libcuda.so.1)}); empty with a device
 * @param problem the full sentence: what is missing and how to fix it; empty when {@code device} is present
 */
public record DriverReport(GpuDevice device, String summary, String problem) {
  public DriverReport {
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(problem, "problem");
    if ((device == null) == problem.isEmpty()) {
      throw new IllegalArgumentException("a report has either a device or a problem, not both or neither");
    }
  }

  static DriverReport of(GpuDevice device) {
    return new DriverReport(device, "", "");
  }

  static DriverReport problem(String summary, String problem) {
    return new DriverReport(null, summary, problem);
  }

  public Optional<GpuDevice> gpu() {
    return Optional.ofNullable(device);
  }
}
