package io.jresnet.cuda;

import java.util.Objects;
import java.util.Optional;

/**
 * The probe's verdict: the libraries to run with, or why the CUDA backend cannot run here and how to fix it.
 *
 * @param libraries present when available
 * @param reason empty when available; otherwise every missing piece, {@code ; }-separated
 */
public record CudaAvailability(CudaLibraries libraries, String reason) {
  public CudaAvailability {
    Objects.requireNonNull(reason, "reason");
    if ((libraries == null) == reason.isEmpty()) {
      throw new IllegalArgumentException("available iff there is no reason, got libraries=" + libraries
          + ", reason='" + reason + "'");
    }
  }

  public boolean available() {
    return libraries != null;
  }

  public Optional<CudaLibraries> found() {
    return Optional.ofNullable(libraries);
  }
}
