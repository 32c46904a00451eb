package io.jresnet.cpu;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.tck.GradientCheckContract;
import org.junit.jupiter.api.Nested;

/** The TCK's {@link GradientCheckContract} on the CPU backend, single-threaded and with a two-thread pool. */
class CpuGradientCheckContractTest {
  @Nested
  class OneThread extends GradientCheckContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(1));
    }
  }

  @Nested
  class TwoThreads extends GradientCheckContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(2));
    }
  }
}
