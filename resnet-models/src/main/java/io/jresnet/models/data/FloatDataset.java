package io.jresnet.models.data;

import io.jresnet.tensor.Shape;
import java.util.List;
import java.util.Objects;

/**
 * A data set of float32 images in memory: {@code values} holds {@code size} examples of {@code [H, W, C]} floats
 * each, HWC. What the {@code .npy} reader returns, and a handy source of synthetic data. The arrays are held, not
 * copied.
 */
public final class FloatDataset extends InMemoryDataset {
  private final float[] values;

  /**
   * @param exampleShape {@code [H, W, C]}, all positive
   * @param values {@code labels.length * H * W * C} floats, example after example
   * @param labels one class index per example, each in {@code [0, classNames.size())}
   * @param classNames one name per class
   */
  public FloatDataset(Shape exampleShape, float[] values, int[] labels, List<String> classNames) {
    int exampleLength = checkedExampleLength(exampleShape);
    this.values = Objects.requireNonNull(values, "values");
    super(exampleShape, exampleLength, values.length, "floats", labels, classNames);
  }

  @Override
  public void example(int index, float[] dst, int offset) {
    Objects.checkIndex(index, labels.length);
    System.arraycopy(values, index * exampleLength, dst, offset, exampleLength);
  }
}
