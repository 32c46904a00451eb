package io.jresnet.cpu;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.tck.PoolBackwardContract;
import org.junit.jupiter.api.Nested;

/** The TCK's {@link PoolBackwardContract} on the CPU backend, single-threaded and with a two-thread pool. */
class CpuPoolBackwardContractTest {
  @Nested
  class OneThread extends PoolBackwardContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(1));
    }
  }

  @Nested
  class TwoThreads extends PoolBackwardContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(2));
    }
  }
}
