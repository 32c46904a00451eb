package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.tck.TensorContract;
import io.jresnet.tensor.Shape;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

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

  /** The CPU backend keeps an adopted array as the tensor's storage: loading a model copies its weights once less. */
  @Test
  void adoptKeepsTheArrayWhereFromHostCopiesIt() {
    try (Backend backend = new CpuBackendProvider().open(new BackendConfig(1))) {
      float[] data = {1f, 2f, 3f, 4f, 5f, 6f};
      assertSame(data, ((CpuTensor) backend.adopt(data, Shape.of(2, 3))).data());
      assertNotSame(data, ((CpuTensor) backend.fromHost(data, Shape.of(2, 3))).data());
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> backend.adopt(null, Shape.of(2, 3)));
      assertTrue(e.getMessage().contains("adopt"), e.getMessage());
    }
  }
}
