package io.jresnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
  /** Actual class per row, predicted class per row (by argmax of the scores below). */
  private static final int[] ACTUAL = {0, 0, 0, 1, 1, 2, 2, 2, 2};

  private static final float[] SCORES = {
    5, 1, 1, // 0 -> 0
    2, 3, 1, // 0 -> 1
    4, 4, 4, // 0 -> 0 (tie: lowest index)
    1, 9, 0, // 1 -> 1
    1, 9, 0, // 1 -> 1
    0, 0, 1, // 2 -> 2
    0, 1, 0, // 2 -> 1
    0, 0, 2, // 2 -> 2
    1, 0, 0, // 2 -> 0
  };

  @Test
  void countsPredictionsByActualClass() {
    ConfusionMatrix m = filled();
    long[][] expected = {{2, 1, 0}, {0, 2, 0}, {1, 1, 2}};
    for (int a = 0; a < 3; a++) {
      for (int p = 0; p < 3; p++) {
        assertEquals(expected[a][p], m.count(a, p), "actual " + a + ", predicted " + p);
      }
    }
    assertEquals(9, m.total());
    assertEquals(6 / 9.0, m.accuracy(), 1e-15);
  }

  @Test
  void recallIsPerActualClassAndPrecisionPerPredictedClass() {
    ConfusionMatrix m = filled();
    assertEquals(2 / 3.0, m.recall(0), 1e-15);
    assertEquals(1.0, m.recall(1), 1e-15);
    assertEquals(0.5, m.recall(2), 1e-15);
    assertEquals(2 / 3.0, m.precision(0), 1e-15);
    assertEquals(0.5, m.precision(1), 1e-15);
    assertEquals(1.0, m.precision(2), 1e-15);
  }

  @Test
  void undefinedRatesAreNaN() {
    ConfusionMatrix m = new ConfusionMatrix(2);
    assertTrue(Double.isNaN(m.accuracy()));
    m.add(0, 0);
    assertTrue(Double.isNaN(m.recall(1)), "class 1 never seen");
    assertTrue(Double.isNaN(m.precision(1)), "class 1 never predicted");
  }

  @Test
  void rendersAPlainTable() {
    ConfusionMatrix m = filled();
    m.add(1, 1);
    String expected =
        """
        actual \\ predicted    cat    dog    bird  recall
        cat                     2      1       0   66.7%
        dog                     0      3       0  100.0%
        bird                    1      1       2   50.0%
        precision           66.7%  60.0%  100.0%
        """;
    assertEquals(expected, m.toTable(List.of("cat", "dog", "bird")));
  }

  @Test
  void rendersUndefinedRatesAsDashes() {
    ConfusionMatrix m = new ConfusionMatrix(2);
    m.add(0, 0);
    String expected =
        """
        actual \\ predicted       a  b  recall
        a                        1  0  100.0%
        b                        0  0       -
        precision           100.0%  -
        """;
    assertEquals(expected, m.toTable(List.of("a", "b")));
  }

  @Test
  void resetEmptiesIt() {
    ConfusionMatrix m = filled();
    m.reset();
    assertEquals(0, m.total());
    assertEquals(0, m.count(0, 0));
  }

  @Test
  void rejectsBadInputNamingIt() {
    ConfusionMatrix m = new ConfusionMatrix(3);
    assertEquals(
        "confusion matrix: 2 class names given for 3 classes",
        assertThrows(IllegalArgumentException.class, () -> m.toTable(List.of("a", "b"))).getMessage());
    assertEquals(
        "confusion matrix: predicted class 3 is outside [0, 3)",
        assertThrows(IllegalArgumentException.class, () -> m.add(0, 3)).getMessage());
    assertEquals(
        "confusion matrix: actual class -1 is outside [0, 3)",
        assertThrows(IllegalArgumentException.class, () -> m.count(-1, 0)).getMessage());
    assertEquals(
        "label at batch index 1 is 5, outside [0, 3)",
        assertThrows(IllegalArgumentException.class, () -> m.add(new float[6], new int[] {0, 5})).getMessage());
    assertEquals(0, m.total());
  }

  private static ConfusionMatrix filled() {
    ConfusionMatrix m = new ConfusionMatrix(3);
    m.add(SCORES, ACTUAL);
    return m;
  }
}
