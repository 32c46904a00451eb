package io.jresnet.models.data;

import io.jresnet.tensor.Shape;
import java.util.List;
import java.util.Objects;

/**
 * A data set of float32 images in memory: {@code values} holds {@code size} examples of {@code [H, W, C]} floats
 * each, HWC. What the {@code .npy} reader returns, and a handy source of synthetic data. The arrays are held, not
 * copied.
 */
public final class FloatDataset implements Dataset {
  private final Shape exampleShape;
  private final int exampleLength;
  private final float[] values;
  private final int[] labels;
  private final List<String> classNames;

  /**
   * @param exampleShape {@code [H, W, C]}, all positive
   * @param values {@code labels.length * H * W * C} floats, example after example
   * @param labels one class index per example, each in {@code [0, classNames.size())}
   * @param classNames one name per class
   */
  public FloatDataset(Shape exampleShape, float[] values, int[] labels, List<String> classNames) {
    this.exampleShape = ByteDataset.checkExampleShape(exampleShape);
    this.exampleLength = exampleShape.size();
    this.values = Objects.requireNonNull(values, "values");
    this.labels = Objects.requireNonNull(labels, "labels");
    this.classNames = List.copyOf(classNames);
    if ((long) labels.length * exampleLength != values.length) {
      throw new IllegalArgumentException(labels.length + " examples of " + exampleShape + " need "
          + (long) labels.length * exampleLength + " floats, got " + values.length);
    }
    ByteDataset.checkLabels(labels, this.classNames);
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
  public void example(int index, float[] dst, int offset) {
    Objects.checkIndex(index, labels.length);
    System.arraycopy(values, index * exampleLength, dst, offset, exampleLength);
  }

  @Override
  public int label(int index) {
    return labels[index];
  }
}
