package io.jresnet.models.data;

/**
 * Random changes to training examples, applied before {@link Normalization} in this order, as torchvision's {@code
 * RandomCrop(size, padding), RandomHorizontalFlip()} on 8-bit images: pad every side with {@code cropPadding} zeros
 * and cut an {@code [H, W]} window at a uniformly random offset (so the example keeps its size and may shift by up to
 * {@code cropPadding} pixels each way), then mirror left-right with probability 1/2.
 *
 * <p>The draws for an example depend only on the loader's seed, the epoch and the example's index in the data set,
 * never on thread timing or batch position.
 *
 * @param cropPadding zeros added on each side before the random crop; 0 turns cropping off
 * @param horizontalFlip whether to mirror half of the examples left-right
 */
public record Augmentation(int cropPadding, boolean horizontalFlip) {
  /** No change. */
  public static final Augmentation NONE = new Augmentation(0, false);

  public Augmentation {
    if (cropPadding < 0) {
      throw new IllegalArgumentException("cropPadding must be >= 0, got " + cropPadding);
    }
  }

  /** Whether anything random happens. */
  public boolean isActive() {
    return cropPadding > 0 || horizontalFlip;
  }
}
