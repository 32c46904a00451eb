package io.jresnet.cpu;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.tck.DenseContract;
import org.junit.jupiter.api.Nested;

/** The TCK's {@link DenseContract} on the CPU backend, single-threaded and with a two-thread pool. */
class CpuDenseContractTest {
  @Nested
  class OneThread extends DenseContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(1));
    }
  }

  @Nested
  class TwoThreads extends DenseContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(2));
    }
  }
}
