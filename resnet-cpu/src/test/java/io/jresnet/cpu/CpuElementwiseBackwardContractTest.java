package io.jresnet.cpu;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.tck.ElementwiseBackwardContract;
import org.junit.jupiter.api.Nested;

/** The TCK's {@link ElementwiseBackwardContract} on the CPU backend, single-threaded and with a two-thread pool. */
class CpuElementwiseBackwardContractTest {
  @Nested
  class OneThread extends ElementwiseBackwardContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(1));
    }
  }

  @Nested
  class TwoThreads extends ElementwiseBackwardContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(2));
    }
  }
}
