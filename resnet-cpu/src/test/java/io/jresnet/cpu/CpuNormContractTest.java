package io.jresnet.cpu;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.tck.NormContract;
import org.junit.jupiter.api.Nested;

/** The TCK's {@link NormContract} on the CPU backend, single-threaded and with a two-thread pool. */
class CpuNormContractTest {
  @Nested
  class OneThread extends NormContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(1));
    }
  }

  @Nested
  class TwoThreads extends NormContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(2));
    }
  }
}
