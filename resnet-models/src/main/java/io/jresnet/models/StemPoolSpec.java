package io.jresnet.models;

/**
 * The stem's square pooling window (torchvision's {@code maxpool}).
 *
 * @param type max or average
 * @param size window height and width
 * @param stride stride in both directions
 * @param padding added on every side, at most {@code size / 2} (as PyTorch requires); padded cells never win a max
 *     and count in an average (PyTorch's {@code count_include_pad=True})
 */
public record StemPoolSpec(PoolType type, int size, int stride, int padding) {
  public StemPoolSpec {
    if (type == null) {
      throw new IllegalArgumentException("stem pool type must not be null");
    }
    if (size < 1 || stride < 1 || padding < 0 || padding > size / 2) {
      throw new IllegalArgumentException(
          "stem pool needs size, stride >= 1 and 0 <= padding <= size/2, got size="
              + size + " stride=" + stride + " padding=" + padding);
    }
  }
}
