package io.jresnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopKAccuracyTest {
  private static final float[] SCORES = {
    0.1f, 0.7f, 0.2f, 0.0f, // top-1 class 1, rank of 2 is 1
    0.4f, 0.3f, 0.2f, 0.1f, // ranks 0, 1, 2, 3
    0.25f, 0.25f, 0.25f, 0.25f // all tied: the lower index ranks first
  };

  @Test
  void countsLabelsAmongTheKBestClasses() {
    int[] labels = {1, 2, 3};
    assertEquals(1, correct(1, labels));
    assertEquals(1, correct(2, labels));
    assertEquals(2, correct(3, labels));
    assertEquals(3, correct(4, labels));
    assertEquals(3, correct(1, new int[] {1, 0, 0}));
  }

  @Test
  void tiesRankTheLowerClassIndexFirst() {
    float[] tied = {0.25f, 0.25f, 0.25f, 0.25f};
    assertEquals(1, count(1, tied, new int[] {0}));
    assertEquals(0, count(1, tied, new int[] {1}));
    assertEquals(1, count(2, tied, new int[] {1}));
    assertEquals(0, count(2, tied, new int[] {2}));
  }

  @Test
  void accumulatesOverBatchesUntilReset() {
    TopKAccuracy top1 = new TopKAccuracy(1, 4);
    assertTrue(Double.isNaN(top1.value()));
    top1.add(SCORES, new int[] {1, 0, 0});
    top1.add(new float[] {0, 0, 1, 0}, new int[] {3});
    assertEquals(3, top1.correct());
    assertEquals(4, top1.total());
    assertEquals(0.75, top1.value());
    top1.reset();
    assertEquals(0, top1.total());
    assertTrue(Double.isNaN(top1.value()));
  }

  @Test
  void kAtLeastTheClassCountCountsEverySample() {
    TopKAccuracy top5 = new TopKAccuracy(5, 3);
    top5.add(new float[] {3, 2, 1, -1, -2, -3}, new int[] {2, 2});
    assertEquals(1.0, top5.value());
  }

  @Test
  void agreesWithSortingOnRandomBatches() {
    Random random = new Random(42);
    int classes = 7;
    int batch = 50;
    for (int k = 1; k <= classes; k++) {
      float[] scores = new float[batch * classes];
      int[] labels = new int[batch];
      for (int i = 0; i < scores.length; i++) {
        // Few distinct values, so that ties are common.
        scores[i] = random.nextInt(5) / 4f;
      }
      int expected = 0;
      for (int n = 0; n < batch; n++) {
        labels[n] = random.nextInt(classes);
        int row = n * classes;
        int[] order =
            IntStream.range(0, classes)
                .boxed()
                .sorted(Comparator.<Integer>comparingDouble(c -> -scores[row + c]).thenComparing(c -> c))
                .mapToInt(Integer::intValue)
                .toArray();
        for (int position = 0; position < k; position++) {
          if (order[position] == labels[n]) {
            expected++;
          }
        }
      }
      assertEquals(expected, count(k, scores, labels), "k=" + k);
    }
  }

  @Test
  void rejectsBadBatchesNamingTheIndexAndCountsNothing() {
    TopKAccuracy top1 = new TopKAccuracy(1, 4);
    assertEquals(
        "scores hold 12 values but 2 labels x 4 classes need 8",
        assertThrows(IllegalArgumentException.class, () -> top1.add(SCORES, new int[] {0, 1})).getMessage());
    assertEquals(
        "label at batch index 2 is 4, outside [0, 4)",
        assertThrows(IllegalArgumentException.class, () -> top1.add(SCORES, new int[] {0, 1, 4})).getMessage());
    float[] nan = SCORES.clone();
    nan[6] = Float.NaN;
    assertEquals(
        "score at batch index 1, class 2 is NaN",
        assertThrows(IllegalArgumentException.class, () -> top1.add(nan, new int[] {0, 1, 2})).getMessage());
    assertEquals(0, top1.total());
  }

  @Test
  void rejectsBadConfigurations() {
    assertEquals(
        "top-k accuracy: k must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> new TopKAccuracy(0, 4)).getMessage());
    assertEquals(
        "the number of classes must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> new TopKAccuracy(1, 0)).getMessage());
  }

  private static long correct(int k, int[] labels) {
    return count(k, SCORES, labels);
  }

  private static long count(int k, float[] scores, int[] labels) {
    TopKAccuracy accuracy = new TopKAccuracy(k, scores.length / labels.length);
    accuracy.add(scores, labels);
    return accuracy.correct();
  }
}
