package io.jresnet.tck;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.backend.BackendProvider;

/**
 * Descriptor of the {@link ReferenceBackend}, for tests that exercise provider-based wiring. Deliberately absent
 * from {@code META-INF/services}: the reference backend is a test oracle, and with priority 0 it never wins
 * {@code auto} even where a test puts it on the class path by hand.
 */
public final class ReferenceBackendProvider implements BackendProvider {
  @Override
  public String name() {
    return ReferenceBackend.NAME;
  }

  @Override
  public int priority() {
    return 0;
  }

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public String unavailableReason() {
    return "";
  }

  /** A new reference backend; it is single-threaded, so {@link BackendConfig#threads()} is ignored. */
  @Override
  public Backend open(BackendConfig config) {
    return new ReferenceBackend();
  }
}
