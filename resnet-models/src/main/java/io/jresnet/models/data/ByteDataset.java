package io.jresnet.models.data;

import io.jresnet.tensor.Shape;
import java.util.List;
import java.util.Objects;

/**
 * A data set of 8-bit images in memory: {@code pixels} holds {@code size} examples of {@code [H, W, C]} bytes each,
 * HWC, read as unsigned 0..255. What the IDX, CIFAR-10 and HDF5 readers return; a quarter of the memory of floats.
 * The arrays are held, not copied.
 */
public final class ByteDataset implements Dataset {
  private final Shape exampleShape;
  private final int exampleLength;
  private final byte[] pixels;
  private final int[] labels;
  private final List<String> classNames;

  /**
   * @param exampleShape {@code [H, W, C]}, all positive
   * @param pixels {@code labels.length * H * W * C} unsigned bytes, example after example
   * @param labels one class index per example, each in {@code [0, classNames.size())}
   * @param classNames one name per class
   */
  public ByteDataset(Shape exampleShape, byte[] pixels, int[] labels, List<String> classNames) {
    this.exampleShape = checkExampleShape(exampleShape);
    this.exampleLength = exampleShape.size();
    this.pixels = Objects.requireNonNull(pixels, "pixels");
    this.labels = Objects.requireNonNull(labels, "labels");
    this.classNames = List.copyOf(classNames);
    if ((long) labels.length * exampleLength != pixels.length) {
      throw new IllegalArgumentException(labels.length + " examples of " + exampleShape + " need "
          + (long) labels.length * exampleLength + " bytes, got " + pixels.length);
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
  public void example(int index, float[] dst, int offset) {
    Objects.checkIndex(index, labels.length);
    Objects.checkFromIndexSize(offset, exampleLength, dst.length);
    int from = index * exampleLength;
    for (int i = 0; i < exampleLength; i++) {
      dst[offset + i] = pixels[from + i] & 0xFF;
    }
  }

  @Override
  public int label(int index) {
    return labels[index];
  }

  static Shape checkExampleShape(Shape shape) {
    if (shape.rank() != 3 || shape.dim(0) < 1 || shape.dim(1) < 1 || shape.dim(2) < 1) {
      throw new IllegalArgumentException("an example shape is [H, W, C] with positive sizes, got " + shape);
    }
    return shape;
  }

  static void checkLabels(int[] labels, List<String> classNames) {
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
