package io.jresnet.cpu;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.backend.BackendProvider;

/**
 * Describes the CPU backend to {@link java.util.ServiceLoader} and the CLI's Guice map of providers. Always
 * available (it needs only the JDK's {@code jdk.incubator.vector} module); the lowest-priority choice for
 * {@code --backend auto}.
 */
public final class CpuBackendProvider implements BackendProvider {
  /** The name for {@code --backend}. */
  public static final String NAME = "cpu";

  /** Below any accelerator backend, so {@code auto} prefers those when they are usable. */
  public static final int PRIORITY = 10;

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
    return true;
  }

  @Override
  public String unavailableReason() {
    return "";
  }

  /** A backend with {@link BackendConfig#resolvedThreads()} compute threads (the caller's thread counts as one). */
  @Override
  public Backend open(BackendConfig config) {
    BackendConfig c = config == null ? BackendConfig.defaults() : config;
    return new CpuBackend(new CpuComputePool(c.resolvedThreads()));
  }
}
