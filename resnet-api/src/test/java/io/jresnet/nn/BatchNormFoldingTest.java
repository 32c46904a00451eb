package io.jresnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.tensor.Shape;
import org.junit.jupiter.api.Test;

class BatchNormFoldingTest {
  @Test
  void scalesEachOutputChannelAndTurnsTheStatisticsIntoABias() {
    // HWIO [1, 1, 2, 2]: rows are input channels, the last axis is the output channel.
    float[] weight = {1, 2, 3, 4};
    float[] gamma = {2, 0.5f};
    float[] beta = {0.25f, -1};
    float[] mean = {1, -2};
    float[] variance = {3, 0.5f};
    double eps = 1e-3;
    double s0 = 2 / Math.sqrt(3 + eps);
    double s1 = 0.5 / Math.sqrt(0.5 + eps);
    BatchNormFolding.Folded f =
        BatchNormFolding.fold(weight, Shape.of(1, 1, 2, 2), null, gamma, beta, mean, variance, eps);
    assertArrayEquals(new float[] {(float) s0, (float) (2 * s1), (float) (3 * s0), (float) (4 * s1)}, f.weight());
    assertArrayEquals(new float[] {(float) (0.25 - s0), (float) (2 * s1 - 1)}, f.bias());
  }

  @Test
  void aConvBiasIsNormalisedWithTheRest() {
    float[] weight = {1, 1};
    BatchNormFolding.Folded f =
        BatchNormFolding.fold(
            weight, Shape.of(1, 1, 1, 2), new float[] {5, -5}, new float[] {1, 1}, new float[] {0, 1},
            new float[] {1, 1}, new float[] {1, 4}, 0);
    // (5 - 1) / 1 + 0 and (-5 - 1) / 2 + 1.
    assertArrayEquals(new float[] {4, -2}, f.bias());
    assertArrayEquals(new float[] {1, 0.5f}, f.weight());
  }

  @Test
  void vectorsOfAnotherLengthAreNamed() {
    float[] two = {1, 1};
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                BatchNormFolding.fold(
                    new float[4], Shape.of(1, 1, 2, 2), null, two, two, new float[] {0, 0, 0}, two, 1e-5));
    assertEquals("batch-norm running_mean has 3 values, but the conv has 2 output channels", e.getMessage());
    var bias =
        assertThrows(
            IllegalArgumentException.class,
            () -> BatchNormFolding.fold(new float[4], Shape.of(1, 1, 2, 2), new float[1], two, two, two, two, 0));
    assertEquals("conv bias has 1 values, but the conv has 2 output channels", bias.getMessage());
  }
}
