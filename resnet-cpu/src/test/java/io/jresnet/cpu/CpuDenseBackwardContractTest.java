package io.jresnet.cpu;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.tck.DenseBackwardContract;
import org.junit.jupiter.api.Nested;

/** The TCK's {@link DenseBackwardContract} on the CPU backend, single-threaded and with a two-thread pool. */
class CpuDenseBackwardContractTest {
  @Nested
  class OneThread extends DenseBackwardContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(1));
    }
  }

  @Nested
  class TwoThreads extends DenseBackwardContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(2));
    }
  }
}
