package io.jresnet.cpu;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.tck.TensorContract;
import org.junit.jupiter.api.Nested;

/** The TCK's {@link TensorContract} on the CPU backend, single-threaded and with a two-thread pool. */
class CpuTensorContractTest {
  @Nested
  class OneThread extends TensorContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(1));
    }
  }

  @Nested
  class TwoThreads extends TensorContract {
    @Override
    protected Backend backend() {
      return new CpuBackendProvider().open(new BackendConfig(2));
    }
  }
}
