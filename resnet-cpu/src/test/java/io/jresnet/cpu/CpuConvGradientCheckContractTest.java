package io.jresnet.cpu;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.tck.ConvGradientCheckContract;
import org.junit.jupiter.api.Nested;

/** The TCK's {@link ConvGradientCheckContract} on the CPU backend, single-threaded and with a two-thread pool. */
class CpuConvGradientCheckContractTest {
  @Nested
  class OneThread extends ConvGradientCheckContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(1));
    }
  }

  @Nested
  class TwoThreads extends ConvGradientCheckContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(2));
    }
  }
}
