package io.jresnet.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.cpu.CpuBackendProvider;
import io.jresnet.tck.ReferenceBackend;
import org.junit.jupiter.api.Test;

class ConvFixtureTest {
  @Test
  void everyFamilyComputesWhatTheReferenceBackendDoes() {
    for (ConvFamily family : ConvFamily.values()) {
      ConvShape big = ConvCatalog.representative(family, 1);
      // Same geometry on a small image, so the reference backend's plain loops stay quick.
      int size = family == ConvFamily.STEM ? 20 : 9;
      ConvShape shape =
          new ConvShape(big.name(), 1, size, size, Math.min(big.inputChannels(), 32),
              family == ConvFamily.DEPTHWISE ? 32 : Math.min(big.filters(), 48),
              family == ConvFamily.DEPTHWISE
                  ? new io.jresnet.backend.Conv2dParams(3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 32)
                  : big.params());
      float[] cpu = run(new CpuBackendProvider().open(new BackendConfig(2)), shape);
      float[] reference = run(new ReferenceBackend(), shape);
      OutputAgreement agreement = OutputAgreement.of(cpu, reference);
      assertTrue(agreement.agrees(), family + ": " + agreement);
      assertTrue(maxOf(reference) > 0, family + ": ReLU left nothing positive");
    }
  }

  @Test
  void timerReportsEveryRepetition() {
    try (Backend backend = new CpuBackendProvider().open(new BackendConfig(1))) {
      Samples s = ConvTimer.time(backend, ConvShape.square("c", 1, 8, 16, 16, 1, 1, 0), 1, 3, 7);
      assertTrue(s.count() == 3 && s.minMs() > 0, s.toString());
    }
  }

  private static float[] run(Backend backend, ConvShape shape) {
    try (backend;
        ConvFixture fixture = new ConvFixture(backend, shape, 3)) {
      fixture.run();
      return fixture.output().copyToHost();
    }
  }

  private static float maxOf(float[] v) {
    float max = Float.NEGATIVE_INFINITY;
    for (float f : v) {
      max = Math.max(max, f);
    }
    return max;
  }
}
