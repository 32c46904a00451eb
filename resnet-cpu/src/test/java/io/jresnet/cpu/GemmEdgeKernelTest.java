package io.jresnet.cpu;

import static io.jresnet.cpu.GemmMicroKernel.LANES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.IntStream;
import org.junit.jupiter.params.provider.MethodSource;

class GemmEdgeKernelTest {
  /**
   * The last rows of arrays that end inside a vector take the scalar path; with slack behind the same data they take
   * the vector path. Both must give the same bits (same fused multiply-adds, same order), bias and ReLU included.
   */
  @ParameterizedTest
  @MethodSource("partialWidths")
  void rowsAtTheEndOfTheirArraysMatchTheVectorPathBitForBit(int cols) {
    SplittableRandom rnd = new SplittableRandom(cols);
    int rows = 3;
    int depth = 37;
    float[] a = random(rnd, rows * depth);
    float[] b = random(rnd, depth * cols);
    float[] bias = random(rnd, cols);
    float[] init = random(rnd, rows * cols);
    float[] tight = new float[rows * cols];
    GemmEdgeKernel.edge(a, 0, depth, rows, b, 0, cols, depth, cols, init, 0, cols, bias, 0, 0f, tight, 0, cols);
    int slack = 2 * LANES;
    float[] roomy = new float[rows * cols + slack];
    GemmEdgeKernel.edge(
        a, 0, depth, rows, Arrays.copyOf(b, b.length + slack), 0, cols, depth, cols,
        Arrays.copyOf(init, init.length + slack), 0, cols, Arrays.copyOf(bias, cols + slack), 0, 0f, roomy, 0, cols);
    assertArrayEquals(Arrays.copyOf(roomy, rows * cols), tight);
    float[] expected = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < cols; j++) {
        double sum = init[r * cols + j];
        for (int k = 0; k < depth; k++) {
          sum += (double) a[r * depth + k] * b[k * cols + j];
        }
        expected[r * cols + j] = (float) Math.max(sum + bias[j], 0);
      }
    }
    assertArrayEquals(expected, tight, 1e-4f);
  }

  static IntStream partialWidths() {
    return IntStream.of(1, 5, LANES - 1, LANES, LANES + 3, 2 * LANES - 1).filter(w -> w >= 1).distinct();
  }

  private static float[] random(SplittableRandom rnd, int n) {
    float[] f = new float[n];
    for (int i = 0; i < n; i++) {
      f[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    return f;
  }
}
