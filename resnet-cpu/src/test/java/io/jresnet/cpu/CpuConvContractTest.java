package io.jresnet.cpu;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.tck.ConvContract;
import org.junit.jupiter.api.Nested;

/** The TCK's {@link ConvContract} on the CPU backend, single-threaded and with a two-thread pool. */
class CpuConvContractTest {
  @Nested
  class OneThread extends ConvContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(1));
    }
  }

  @Nested
  class TwoThreads extends ConvContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(2));
    }
  }
}
