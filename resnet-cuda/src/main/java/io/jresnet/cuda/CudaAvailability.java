package io.jresnet.cuda;

import java.util.Objects;
import java.util.Optional;

/**
 * The probe's verdict: the libraries to run with, or why the CUDA backend cannot run here and how to fix it.
 *
 * @param libraries present when available
 * @param reason empty when available; otherwise every missing piece in a few words, one line (for {@code auto}'s
 *     note and the {@code resnet backends} table)
 * @param details empty when available; otherwise, per missing piece, how to fix it and where libraries were
 *     looked for (the message of {@code --backend cuda})
 */
public record CudaAvailability(CudaLibraries libraries, String reason, String details) {
  public CudaAvailability {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(details, "details");
    if ((libraries == null) == reason.isEmpty() || reason.isEmpty() != details.isEmpty()) {
      throw new IllegalArgumentException("available iff there is no reason, got libraries=" + libraries
          + ", reason='" + reason + "'");
    }
  }

  /** The verdict of a machine where the backend can run. */
  static CudaAvailability of(CudaLibraries libraries) {
    return new CudaAvailability(libraries, "", "");
  }

  public boolean available() {
    return libraries != null;
  }

  public Optional<CudaLibraries> found() {
    return Optional.ofNullable(libraries);
  }
}
