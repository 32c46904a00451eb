package io.jresnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link RunningMean} and {@link ClassificationMetrics}. */
class MetricsTest {
  @Test
  void runningMeanWeighsEachBatchByItsSize() {
    RunningMean mean = new RunningMean();
    assertTrue(Double.isNaN(mean.mean()));
    mean.add(2.0, 3);
    mean.add(6.0, 1);
    mean.add(100.0, 0);
    assertEquals(3.0, mean.mean(), 1e-15);
    assertEquals(4, mean.count());
    mean.reset();
    assertEquals(0, mean.count());
    assertTrue(Double.isNaN(mean.mean()));
  }

  @Test
  void runningMeanRejectsANegativeCount() {
    assertEquals(
        "running mean: the count must be >= 0, got -1",
        assertThrows(IllegalArgumentException.class, () -> new RunningMean().add(1, -1)).getMessage());
  }

  @Test
  void classificationMetricsTrackLossAccuracyAndConfusion() {
    ClassificationMetrics metrics = new ClassificationMetrics(6);
    float[] scores = new float[2 * 6];
    // Row 0: label 2 ranks 0. Row 1: label 0 ranks 5 (lowest score), outside the top 5.
    float[] row0 = {0.1f, 0.2f, 0.9f, 0.0f, 0.3f, 0.4f};
    float[] row1 = {-1f, 0.2f, 0.9f, 0.0f, 0.3f, 0.4f};
    System.arraycopy(row0, 0, scores, 0, 6);
    System.arraycopy(row1, 0, scores, 6, 6);
    metrics.add(1.5, scores, new int[] {2, 0});
    metrics.add(0.5, new float[] {0, 1, 0, 0, 0, 0}, new int[] {3});
    assertEquals((1.5 * 2 + 0.5) / 3, metrics.loss(), 1e-15);
    assertEquals(1 / 3.0, metrics.top1(), 1e-15);
    assertEquals(2 / 3.0, metrics.top5(), 1e-15);
    assertEquals(1, metrics.confusion().count(0, 2));
    assertEquals(1, metrics.confusion().count(3, 1));
    assertEquals(3, metrics.count());
    metrics.reset();
    assertEquals(0, metrics.count());
    assertEquals(0, metrics.confusion().total());
  }

  @Test
  void aBadBatchChangesNoMetric() {
    ClassificationMetrics metrics = new ClassificationMetrics(2);
    assertEquals(
        "score at batch index 0, class 1 is NaN",
        assertThrows(
                IllegalArgumentException.class, () -> metrics.add(1.0, new float[] {0, Float.NaN}, new int[] {0}))
            .getMessage());
    assertEquals(0, metrics.count());
    assertEquals(0, metrics.confusion().total());
    assertTrue(Double.isNaN(metrics.top1()));
  }

  @Test
  void topFiveWithFewerClassesIsTopK() {
    ClassificationMetrics metrics = new ClassificationMetrics(3);
    metrics.add(0.1, new float[] {1, 2, 3}, new int[] {0});
    assertEquals(0.0, metrics.top1());
    assertEquals(1.0, metrics.top5());
  }
}
