package io.jresnet.models;

import java.util.Objects;
import java.util.Optional;

/**
 * The layers before the first stage: optional zero padding (Keras {@code ZeroPadding2D}), a convolution, batch norm,
 * ReLU and an optional pool.
 *
 * @param zeroPad zeros added on every side before the convolution (0 = none)
 * @param conv the convolution ({@code conv1})
 * @param pool the pooling after {@code relu} ({@code maxpool}), empty for CIFAR-style stems
 */
public record StemSpec(int zeroPad, StemConvSpec conv, Optional<StemPoolSpec> pool) {
  public StemSpec {
    if (zeroPad < 0) {
      throw new IllegalArgumentException("stem zero padding must be >= 0, got " + zeroPad);
    }
    Objects.requireNonNull(conv, "conv");
    Objects.requireNonNull(pool, "pool");
  }
}
