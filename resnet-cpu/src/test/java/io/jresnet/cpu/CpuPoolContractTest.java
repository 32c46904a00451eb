package io.jresnet.cpu;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.tck.PoolContract;
import org.junit.jupiter.api.Nested;

/** The TCK's {@link PoolContract} on the CPU backend, single-threaded and with a two-thread pool. */
class CpuPoolContractTest {
  @Nested
  class OneThread extends PoolContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(1));
    }
  }

  @Nested
  class TwoThreads extends PoolContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(2));
    }
  }
}
