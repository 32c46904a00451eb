package io.jresnet.models.data;

import io.jresnet.tensor.Shape;
import java.util.Objects;

/**
 * One batch on the host, ready to copy to a backend.
 *
 * @param epoch the epoch it belongs to
 * @param index its position in the epoch, from 0
 * @param shape {@code [n, H, W, C]}; {@code n} is the batch size, or less for a kept last batch
 * @param x {@code n * H * W * C} floats, NHWC, augmented and normalised
 * @param labels {@code n} class indices, {@code labels[i]} for the example at {@code x[i * H * W * C ...]}
 * @param exampleIndices {@code n} positions in the data set the examples came from
 */
public record Batch(int epoch, int index, Shape shape, float[] x, int[] labels, int[] exampleIndices) {
  public Batch {
    Objects.requireNonNull(shape, "shape");
    if (shape.rank() != 4) {
      throw new IllegalArgumentException("a batch shape is [n, H, W, C], got " + shape);
    }
    if (x.length != shape.size() || labels.length != shape.dim(0) || exampleIndices.length != shape.dim(0)) {
      throw new IllegalArgumentException("a batch of shape " + shape + " needs " + shape.size() + " values and "
          + shape.dim(0) + " labels and indices, got " + x.length + ", " + labels.length + ", "
          + exampleIndices.length);
    }
  }

  /** Examples in the batch. */
  public int size() {
    return labels.length;
  }
}
