package io.jresnet.models;

import java.util.Objects;

/**
 * The classifier: pooling ({@code avgpool}), optional flatten, a dense layer ({@code fc}) and an optional softmax.
 *
 * @param pool global average pooling, or a fixed-size average pool (stride = size)
 * @param poolSize window size of an {@link HeadPool#AVG} pool; 0 with {@link HeadPool#GLOBAL_AVG}
 * @param padding padding of an {@link HeadPool#AVG} pool; {@link PaddingMode#VALID} with global pooling
 * @param flatten whether a flatten node precedes {@code fc}; required after an {@link HeadPool#AVG} pool
 * @param classes outputs of {@code fc}
 * @param activation applied to the outputs of {@code fc}
 */
public record HeadSpec(
    HeadPool pool, int poolSize, PaddingMode padding, boolean flatten, int classes, Activation activation) {
  public HeadSpec {
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(padding, "padding");
    Objects.requireNonNull(activation, "activation");
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be >= 1, got " + classes);
    }
    if (pool == HeadPool.AVG && (poolSize < 1 || !flatten)) {
      throw new IllegalArgumentException(
          "an 'avg' head pool needs a size >= 1 and a flatten, got size=" + poolSize + " flatten=" + flatten);
    }
    if (pool == HeadPool.GLOBAL_AVG && (poolSize != 0 || padding != PaddingMode.VALID)) {
      throw new IllegalArgumentException("a 'global_avg' head pool takes no size and no padding");
    }
  }

  /** Global average pooling straight into {@code classes} logits, as torchvision. */
  public static HeadSpec globalAverage(int classes) {
    return new HeadSpec(HeadPool.GLOBAL_AVG, 0, PaddingMode.VALID, false, classes, Activation.NONE);
  }

  /** The same head with another number of classes. */
  public HeadSpec withClasses(int newClasses) {
    return new HeadSpec(pool, poolSize, padding, flatten, newClasses, activation);
  }
}
