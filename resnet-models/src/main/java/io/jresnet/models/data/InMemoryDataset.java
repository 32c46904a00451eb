package io.jresnet.models.data;

import io.jresnet.tensor.Shape;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ByteDataset} and {@link FloatDataset} share: the example shape, the labels and the class names, checked
 * once, and the accessors over them. Subclasses hold the sample array and say how an example is read from it.
 */
abstract class InMemoryDataset implements Dataset {
  private final Shape exampleShape;
  private final List<String> classNames;
  /** {@code H * W * C}, the samples in one example. */
  final int exampleLength;
  /** One class index per example. */
  final int[] labels;

  /**
   * Subclasses call {@link #checkedExampleLength} and null-check their sample array before this, keeping the order in
   * which bad arguments are reported.
   *
   * @param exampleShape {@code [H, W, C]}, already checked
   * @param exampleLength {@code exampleShape.size()}
   * @param sampleCount the length of the subclass's sample array
   * @param sampleUnit what one sample is, plural, for the message ({@code "bytes"}, {@code "floats"})
   * @param labels one class index per example, each in {@code [0, classNames.size())}
   * @param classNames one name per class
   */
  InMemoryDataset(Shape exampleShape, int exampleLength, int sampleCount, String sampleUnit, int[] labels,
      List<String> classNames) {
    this.exampleShape = exampleShape;
    this.exampleLength = exampleLength;
    this.labels = Objects.requireNonNull(labels, "labels");
    this.classNames = List.copyOf(classNames);
    if ((long) labels.length * exampleLength != sampleCount) {
      throw new IllegalArgumentException(labels.length + " examples of " + exampleShape + " need "
          + (long) labels.length * exampleLength + " " + sampleUnit + ", got " + sampleCount);
    }
    checkLabels(labels, this.classNames);
  }

  @Override
  public int size() {
    return labels.length;
  }

  @Override
  public Shape exampleShape() {
    return exampleShape;
  }

  @Override
  public List<String> classNames() {
    return classNames;
  }

  @Override
  public int label(int index) {
    return labels[index];
  }

  /** {@code shape.size()} after checking that {@code shape} is {@code [H, W, C]} with positive sizes. */
  static int checkedExampleLength(Shape shape) {
    if (shape.rank() != 3 || shape.dim(0) < 1 || shape.dim(1) < 1 || shape.dim(2) < 1) {
      throw new IllegalArgumentException("an example shape is [H, W, C] with positive sizes, got " + shape);
    }
    return shape.size();
  }

  private static void checkLabels(int[] labels, List<String> classNames) {
    if (classNames.isEmpty()) {
      throw new IllegalArgumentException("a data set needs at least one class");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classNames.size()) {
        throw new IllegalArgumentException(
            "example " + i + " has label " + labels[i] + ", outside [0, " + classNames.size() + ")");
      }
    }
  }
}
