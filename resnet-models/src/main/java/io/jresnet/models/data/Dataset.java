package io.jresnet.models.data;

import io.jresnet.tensor.Shape;
import java.util.List;

/**
 * A labelled image classification data set held on the host: {@link #size()} examples, each an image of
 * {@link #exampleShape()} {@code [H, W, C]} float32 values, row-major with channels interleaved (HWC, one NHWC batch
 * row), and an integer label in {@code [0, classCount())}.
 *
 * <p>Values are the stored samples, not normalised: 8-bit sources (IDX, CIFAR-10, HDF5, image files, uint8
 * {@code .npy}) give 0..255; float {@code .npy} data give what the file holds. Scaling and normalisation are the
 * {@link DataLoader}'s job ({@link Normalization}).
 *
 * <p>Implementations are safe for concurrent reads: {@link #example} and {@link #label} may be called from a
 * prefetch thread while other threads read too.
 */
public interface Dataset {
  /** Number of examples. */
  int size();

  /** {@code [H, W, C]} of every example. */
  Shape exampleShape();

  /** One name per class, in label order; {@code classNames().get(label(i))} names example {@code i}'s class. */
  List<String> classNames();

  /**
   * Writes example {@code index} as {@code H * W * C} floats (HWC) into {@code dst[offset ...]}.
   *
   * @throws IndexOutOfBoundsException when {@code index} is outside {@code [0, size())} or {@code dst} is too short
   * @throws DataException when the example's file cannot be read or decoded (lazily loaded sets), naming the file
   *     and the index
   */
  void example(int index, float[] dst, int offset);

  /** The class of example {@code index}, in {@code [0, classCount())}. */
  int label(int index);

  /** Number of classes, {@code classNames().size()}. */
  default int classCount() {
    return classNames().size();
  }

  /** Floats in one example: {@code H * W * C}. */
  default int exampleLength() {
    return exampleShape().size();
  }

  /** Example {@code index} into {@code dst[0 ...]}; see {@link #example(int, float[], int)}. */
  default void example(int index, float[] dst) {
    example(index, dst, 0);
  }
}
