package io.jresnet.models.data;

import java.util.Objects;

/**
 * How a {@link DataLoader} walks a data set.
 *
 * @param batchSize examples per batch, at least 1
 * @param shuffle whether each epoch visits the examples in a fresh order drawn from {@code (seed, epoch)}; otherwise
 *     in data-set order
 * @param dropLast whether the last batch of an epoch is dropped when it holds fewer than {@code batchSize} examples
 * @param seed the root of every random choice: shuffles and augmentations
 * @param augmentation random crops and flips, {@link Augmentation#NONE} for evaluation
 * @param normalization applied to every example after augmentation
 * @param prefetchBatches how many finished batches the prefetch thread may hold ahead of the consumer, at least 1
 */
public record LoaderOptions(
    int batchSize,
    boolean shuffle,
    boolean dropLast,
    long seed,
    Augmentation augmentation,
    Normalization normalization,
    int prefetchBatches) {
  /** Batches held ahead by default: enough to hide a slow batch, few enough to bound memory. */
  public static final int DEFAULT_PREFETCH = 4;

  public LoaderOptions {
    Objects.requireNonNull(augmentation, "augmentation");
    Objects.requireNonNull(normalization, "normalization");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    if (prefetchBatches < 1) {
      throw new IllegalArgumentException("prefetchBatches must be >= 1, got " + prefetchBatches);
    }
  }

  /** Shuffled, last partial batch kept, no augmentation, identity normalisation; refine with the {@code with} methods. */
  public static LoaderOptions training(int batchSize, long seed) {
    return new LoaderOptions(batchSize, true, false, seed, Augmentation.NONE, Normalization.IDENTITY,
        DEFAULT_PREFETCH);
  }

  /** In data-set order, every example once, no augmentation, identity normalisation. */
  public static LoaderOptions evaluation(int batchSize) {
    return new LoaderOptions(batchSize, false, false, 0, Augmentation.NONE, Normalization.IDENTITY,
        DEFAULT_PREFETCH);
  }

  public LoaderOptions withAugmentation(Augmentation value) {
    return new LoaderOptions(batchSize, shuffle, dropLast, seed, value, normalization, prefetchBatches);
  }

  public LoaderOptions withNormalization(Normalization value) {
    return new LoaderOptions(batchSize, shuffle, dropLast, seed, augmentation, value, prefetchBatches);
  }

  public LoaderOptions withDropLast(boolean value) {
    return new LoaderOptions(batchSize, shuffle, value, seed, augmentation, normalization, prefetchBatches);
  }

  public LoaderOptions withPrefetchBatches(int value) {
    return new LoaderOptions(batchSize, shuffle, dropLast, seed, augmentation, normalization, value);
  }
}
