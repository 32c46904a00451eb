package io.jresnet.cpu;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.tck.LossContract;
import org.junit.jupiter.api.Nested;

/** The TCK's {@link LossContract} on the CPU backend, single-threaded and with a two-thread pool. */
class CpuLossContractTest {
  @Nested
  class OneThread extends LossContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(1));
    }
  }

  @Nested
  class TwoThreads extends LossContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(2));
    }
  }
}
