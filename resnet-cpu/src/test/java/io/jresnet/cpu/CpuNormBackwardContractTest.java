package io.jresnet.cpu;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.tck.NormBackwardContract;
import org.junit.jupiter.api.Nested;

/** The TCK's {@link NormBackwardContract} on the CPU backend, single-threaded and with a two-thread pool. */
class CpuNormBackwardContractTest {
  @Nested
  class OneThread extends NormBackwardContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(1));
    }
  }

  @Nested
  class TwoThreads extends NormBackwardContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(2));
    }
  }
}
