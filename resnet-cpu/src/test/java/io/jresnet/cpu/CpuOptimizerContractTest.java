package io.jresnet.cpu;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.tck.OptimizerContract;
import org.junit.jupiter.api.Nested;

/** The TCK's {@link OptimizerContract} on the CPU backend, single-threaded and with a two-thread pool. */
class CpuOptimizerContractTest {
  @Nested
  class OneThread extends OptimizerContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(1));
    }
  }

  @Nested
  class TwoThreads extends OptimizerContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(2));
    }
  }
}
