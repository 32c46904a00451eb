package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SGD updates small parameters with its scalar loop and large ones with its vector loop: both give the same bits as
 * each other and as a plain loop, for every momentum variant.
 */
class CpuOptimizerPathsTest {
  @ParameterizedTest(name = "momentum {0}, nesterov {1}")
  @CsvSource({"0, false", "0.9, false", "0.9, true"})
  void smallAndLargeParametersGetTheSameBitsAsAPlainLoop(float momentum, boolean nesterov) {
    int large = 20_003;
    int small = 1_000;
    SplittableRandom rnd = new SplittableRandom(5);
    float[] p = NaiveLoops.random(rnd, large);
    float[] g = NaiveLoops.random(rnd, large);
    float[] v = NaiveLoops.random(rnd, large);
    float lr = 0.1f;
    float wd = 5e-4f;
    float[] expectedP = p.clone();
    float[] expectedV = v.clone();
    for (int i = 0; i < large; i++) {
      float d = wd * expectedP[i] + g[i];
      if (momentum == 0f) {
        expectedP[i] -= d * lr;
      } else {
        float vel = expectedV[i] * momentum + d;
        expectedV[i] = vel;
        expectedP[i] -= (nesterov ? vel * momentum + d : vel) * lr;
      }
    }
    try (Backend b = new CpuBackendProvider().open(new BackendConfig(2))) {
      for (int length : new int[] {large, small}) {
        Shape shape = Shape.of(length);
        Tensor pt = b.fromHost(Arrays.copyOf(p, length), shape);
        Tensor vt = momentum == 0f ? null : b.fromHost(Arrays.copyOf(v, length), shape);
        b.optimizer().sgd(pt, b.fromHost(Arrays.copyOf(g, length), shape), vt, lr, momentum, wd, nesterov);
        assertArrayEquals(Arrays.copyOf(expectedP, length), pt.copyToHost(), length + " floats");
        if (vt != null) {
          assertArrayEquals(Arrays.copyOf(expectedV, length), vt.copyToHost(), length + " floats, velocity");
        }
      }
    }
  }
}
