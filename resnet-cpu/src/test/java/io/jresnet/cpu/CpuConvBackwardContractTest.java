package io.jresnet.cpu;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.tck.ConvBackwardContract;
import org.junit.jupiter.api.Nested;

/** The TCK's {@link ConvBackwardContract} on the CPU backend, single-threaded and with a two-thread pool. */
class CpuConvBackwardContractTest {
  @Nested
  class OneThread extends ConvBackwardContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(1));
    }
  }

  @Nested
  class TwoThreads extends ConvBackwardContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(2));
    }
  }
}
