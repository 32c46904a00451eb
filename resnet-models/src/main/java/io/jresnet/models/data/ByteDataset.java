package io.jresnet.models.data;

import io.jresnet.tensor.Shape;
import java.util.List;
import java.util.Objects;

/**
 * A data set of 8-bit images in memory: {@code pixels} holds {@code size} examples of {@code [H, W, C]} bytes each,
 * HWC, read as unsigned 0..255. What the IDX, CIFAR-10 and HDF5 readers return; a quarter of the memory of floats.
 * The arrays are held, not copied.
 */
public final class ByteDataset extends InMemoryDataset {
  private final byte[] pixels;

  /**
   * @param exampleShape {@code [H, W, C]}, all positive
   * @param pixels {@code labels.length * H * W * C} unsigned bytes, example after example
   * @param labels one class index per example, each in {@code [0, classNames.size())}
   * @param classNames one name per class
   */
  public ByteDataset(Shape exampleShape, byte[] pixels, int[] labels, List<String> classNames) {
    int exampleLength = checkedExampleLength(exampleShape);
    this.pixels = Objects.requireNonNull(pixels, "pixels");
    super(exampleShape, exampleLength, pixels.length, "bytes", labels, classNames);
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
}
