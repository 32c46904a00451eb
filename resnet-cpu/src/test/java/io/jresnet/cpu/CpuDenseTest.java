package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dense forward on both of its paths: {@link SmallBatchDense} for batches of up to {@link SmallBatchDense#MAX_ROWS}
 * rows (blocks of weight rows, partial sums added in a fixed order) and the GEMM above that.
 */
class CpuDenseTest {
  @ParameterizedTest(name = "batch {0}, {1} -> {2}, bias {3}")
  @CsvSource({
    "1, 2048, 1000, true", // ResNet-50's head at batch 1
    "8, 300, 37, false", // four weight rows per pass, then the rest of each block one at a time
    "4, 2048, 1000, true", // the fewest rows that add four weight rows per pass
    "3, 5, 17, true", // fewer weight rows than blocks
    "1, 1, 1, false",
    "9, 64, 40, true" // one row over: the GEMM
  })
  void matchesNaiveLoopsAndDoesNotDependOnTheThreadCount(int n, int in, int out, boolean withBias) {
    assertTrue(SmallBatchDense.applies(n) == (n <= SmallBatchDense.MAX_ROWS));
    SplittableRandom rnd = new SplittableRandom(31L * n + in);
    float[] x = NaiveLoops.random(rnd, n * in);
    float[] w = NaiveLoops.random(rnd, in * out);
    float[] bias = NaiveLoops.random(rnd, out);
    float[] expected = NaiveLoops.gemm(x, w, n, out, in);
    if (withBias) {
      for (int i = 0; i < expected.length; i++) {
        expected[i] += bias[i % out];
      }
    }
    float[][] results = new float[2][];
    for (int threads = 1; threads <= 2; threads++) {
      try (Backend backend = new CpuBackendProvider().open(new BackendConfig(threads))) {
        Tensor y = backend.allocate(Shape.of(n, out));
        backend.dense().dense(
            backend.fromHost(x, Shape.of(n, in)), backend.fromHost(w, Shape.of(in, out)),
            withBias ? backend.fromHost(bias, Shape.of(out)) : null, y);
        results[threads - 1] = y.copyToHost();
      }
      double error = NaiveLoops.maxScaledError(results[threads - 1], expected);
      assertTrue(error < 1e-5, "error " + error + " with " + threads + " threads");
    }
    if (SmallBatchDense.applies(n)) {
      assertArrayEquals(results[0], results[1], "bit-identical with 1 and 2 threads");
    }
  }

  /** Four weight rows in one pass round exactly as four passes of one row: the same chain of FMAs per element. */
  @Test
  void addingFourScaledRowsAtOnceGivesTheBitsOfFourPasses() {
    SplittableRandom rnd = new SplittableRandom(5);
    int length = 3 * GemmMicroKernel.LANES + 5;
    int stride = length + 7;
    float[] src = NaiveLoops.random(rnd, 2 + 4 * stride);
    float[] alphas = NaiveLoops.random(rnd, 4);
    float[] once = NaiveLoops.random(rnd, 3 + length);
    float[] fourPasses = once.clone();
    VectorLoops.addScaledRowsInto(alphas[0], alphas[1], alphas[2], alphas[3], src, 2, stride, once, 3, length);
    for (int r = 0; r < 4; r++) {
      VectorLoops.addScaledInto(alphas[r], src, 2 + r * stride, fourPasses, 3, length);
    }
    assertArrayEquals(fourPasses, once);
  }

  @ParameterizedTest
  @CsvSource({"9", "128"})
  void largerBatchesRunTheGemm(int n) {
    assertFalse(SmallBatchDense.applies(n));
  }
}
