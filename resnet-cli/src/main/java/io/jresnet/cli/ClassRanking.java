package io.jresnet.cli;

import java.util.Arrays;
import java.util.Comparator;

/** Turns one image's model outputs into class probabilities and picks the most likely classes. */
final class ClassRanking {
  private ClassRanking() {}

  /** Softmax over {@code logits[offset, offset + classes)}, in double precision and shifted by the maximum. */
  static double[] softmax(float[] logits, int offset, int classes) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < classes; i++) {
      max = Math.max(max, logits[offset + i]);
    }
    double[] p = new double[classes];
    double sum = 0;
    for (int i = 0; i < classes; i++) {
      p[i] = Math.exp(logits[offset + i] - max);
      sum += p[i];
    }
    for (int i = 0; i < classes; i++) {
      p[i] /= sum;
    }
    return p;
  }

  /** {@code values[offset, offset + classes)} widened to double, for outputs that already are probabilities. */
  static double[] copy(float[] values, int offset, int classes) {
    double[] p = new double[classes];
    for (int i = 0; i < classes; i++) {
      p[i] = values[offset + i];
    }
    return p;
  }

  /** The indices of the {@code k} largest probabilities, largest first; ties go to the lower class index. */
  static int[] top(double[] probabilities, int k) {
    Integer[] order = new Integer[probabilities.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -probabilities[i]).thenComparingInt(i -> i));
    return Arrays.stream(order).limit(Math.min(k, order.length)).mapToInt(Integer::intValue).toArray();
  }
}
