package io.jresnet.cpu;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.tck.ElementwiseContract;
import org.junit.jupiter.api.Nested;

/** The TCK's {@link ElementwiseContract} on the CPU backend, single-threaded and with a two-thread pool. */
class CpuElementwiseContractTest {
  @Nested
  class OneThread extends ElementwiseContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(1));
    }
  }

  @Nested
  class TwoThreads extends ElementwiseContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(2));
    }
  }
}
