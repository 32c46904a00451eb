package io.jresnet.cuda;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.backend.BackendProvider;
import io.jresnet.backend.BackendUnavailableException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Describes the CUDA backend to {@link java.util.ServiceLoader} and the CLI's Guice map of providers. Creating it
 * does nothing; the first {@link #isAvailable()} or {@link #open} probes the driver, the GPU, cuDNN and cuBLAS once
 * ({@link CudaProbe}) without loading JCuda, so a machine without a GPU gets a reason, never a crash.
 */
public final class CudaBackendProvider implements BackendProvider {
  /** The name for {@code --backend}. */
  public static final String NAME = "cuda";

  /** Above the CPU backend's, so {@code auto} picks CUDA whenever it is usable. */
  public static final int PRIORITY = 100;

  private final Supplier<CudaAvailability> probe;
  private volatile CudaAvailability availability;

  /** The provider of this machine ({@link CudaProbe#system()}). */
  public CudaBackendProvider() {
    this(() -> CudaProbe.system().probe());
  }

  /** A provider that asks {@code probe} (tests use fixed verdicts). */
  public CudaBackendProvider(Supplier<CudaAvailability> probe) {
    this.probe = Objects.requireNonNull(probe, "probe");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int priority() {
    return PRIORITY;
  }

  @Override
  public boolean isAvailable() {
    return availability().available();
  }

  @Override
  public String unavailableReason() {
    return availability().reason();
  }

  /** Opens the backend on device 0 with TF32 off (the float32 accuracy contract). */
  @Override
  public Backend open(BackendConfig config) throws BackendUnavailableException {
    return open(CudaOptions.defaults());
  }

  /** Opens the backend with explicit CUDA options (TF32). */
  public CudaBackend open(CudaOptions options) throws BackendUnavailableException {
    CudaAvailability found = availability();
    if (!found.available()) {
      throw new BackendUnavailableException(NAME, found.details());
    }
    return CudaBackend.open(found.libraries(), options);
  }

  /** The probe's verdict, computed once. */
  public CudaAvailability availability() {
    CudaAvailability a = availability;
    if (a == null) {
      synchronized (this) {
        a = availability;
        if (a == null) {
          a = probe.get();
          availability = a;
        }
      }
    }
    return a;
  }
}
