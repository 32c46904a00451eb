package io.jresnet.cuda.ffi;

import java.util.Objects;
import java.util.Optional;

/**
 * What the driver probe found: a GPU, or the problem (what is missing and how to fix it).
 *
 * @param device the first GPU, or null
 * @param problem empty when {@code device} is present
 */
public record DriverReport(GpuDevice device, String problem) {
  public DriverReport {
    Objects.requireNonNull(problem, "problem");
    if ((device == null) == problem.isEmpty()) {
      throw new IllegalArgumentException("a report has either a device or a problem, not both or neither");
    }
  }

  static DriverReport of(GpuDevice device) {
    return new DriverReport(device, "");
  }

  static DriverReport problem(String problem) {
    return new DriverReport(null, problem);
  }

  public Optional<GpuDevice> gpu() {
    return Optional.ofNullable(device);
  }
}
