package io.jresnet.models.data;

import io.jresnet.tensor.Shape;
import java.util.Objects;

/**
 * Cuts a {@link Dataset} into host batches, epoch by epoch: shuffled (or not), augmented, normalised, and produced
 * ahead of the consumer on a prefetch thread ({@link #stream}).
 *
 * <p><b>Determinism.</b> The order of epoch {@code e} is a Fisher-Yates shuffle driven by SplitMix64 seeded from
 * {@code (seed, e)} alone; the augmentation of the example at data-set index {@code i} in epoch {@code e} is drawn
 * from {@code (seed, e, i)} alone. Batches therefore depend on nothing but the seed, the epoch and their position:
 * not on threads, timing, or what was read before.
 *
 * <p><b>Resuming.</b> To continue a run at batch {@code k} of epoch {@code e} (e.g. after loading a checkpoint taken
 * after {@code k} steps of that epoch), call {@link #stream(int, int) stream(e, k)} on a loader with the same data set
 * and options: it yields exactly the batches {@code k, k+1, ...} that an uninterrupted run saw, without reading the
 * skipped ones. {@link #batch(int, int)} builds any single batch the same way.
 */
public final class DataLoader {
  /** Separates the shuffle streams from the augmentation streams of the same seed and epoch. */
  private static final long SHUFFLE_PURPOSE = 1;

  private final Dataset dataset;
  private final LoaderOptions options;
  private final ExampleTransform transform;
  private volatile EpochOrder lastOrder;

  private record EpochOrder(int epoch, int[] order) {}

  /**
   * @throws IllegalArgumentException when the normalisation's mean/std count fits neither the examples' channels
   *     nor a single shared value
   */
  public DataLoader(Dataset dataset, LoaderOptions options) {
    this.dataset = Objects.requireNonNull(dataset, "dataset");
    this.options = Objects.requireNonNull(options, "options");
    this.transform = new ExampleTransform(dataset, options);
  }

  public Dataset dataset() {
    return dataset;
  }

  public LoaderOptions options() {
    return options;
  }

  /** Batches in one epoch: {@code ceil(size / batchSize)}, or {@code floor} with {@code dropLast}. */
  public int batchesPerEpoch() {
    int size = dataset.size();
    int batch = options.batchSize();
    return options.dropLast() ? size / batch : (size + batch - 1) / batch;
  }

  /**
   * The data-set indices in the order epoch {@code epoch} visits them: a permutation of {@code 0 .. size-1} drawn from
   * {@code (seed, epoch)} when shuffling, else the identity. A fresh array each call.
   */
  public int[] order(int epoch) {
    checkEpoch(epoch);
    int[] order = new int[dataset.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    if (options.shuffle()) {
      SplitMix64 random = new SplitMix64(SplitMix64.seedOf(options.seed(), SHUFFLE_PURPOSE, epoch, 0));
      for (int i = order.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
    }
    return order;
  }

  /**
   * Batch {@code index} of epoch {@code epoch}, built on the calling thread.
   *
   * @throws IllegalArgumentException when {@code epoch} is negative
   * @throws IndexOutOfBoundsException when {@code index} is not below {@link #batchesPerEpoch()}
   * @throws DataException when an example cannot be read (lazily loaded data sets), naming its file and index
   */
  public Batch batch(int epoch, int index) {
    checkEpoch(epoch);
    Objects.checkIndex(index, batchesPerEpoch());
    return build(epoch, index, cachedOrder(epoch), new float[dataset.exampleLength()]);
  }

  /** The whole of epoch {@code epoch}, prefetched; see {@link #stream(int, int)}. */
  public BatchStream stream(int epoch) {
    return stream(epoch, 0);
  }

  /**
   * Batches {@code firstBatch, firstBatch+1, ...} to the end of epoch {@code epoch}, built ahead on a prefetch thread
   * that holds at most {@link LoaderOptions#prefetchBatches()} finished batches. Close the stream (try-with-resources)
   * to stop the thread early; an error while building a batch is thrown to the consumer by {@link BatchStream#next()}.
   *
   * @throws IllegalArgumentException when {@code epoch} is negative
   * @throws IndexOutOfBoundsException when {@code firstBatch} is outside {@code [0, batchesPerEpoch()]}
   */
  public BatchStream stream(int epoch, int firstBatch) {
    checkEpoch(epoch);
    Objects.checkFromToIndex(firstBatch, batchesPerEpoch(), batchesPerEpoch());
    return new BatchStream(this, epoch, firstBatch, options.prefetchBatches());
  }

  /** Same as {@link #batch}, with the order and the one-example scratch buffer supplied by the caller. */
  Batch build(int epoch, int index, int[] order, float[] scratch) {
    int from = index * options.batchSize();
    int n = Math.min(options.batchSize(), order.length - from);
    Shape example = dataset.exampleShape();
    int length = example.size();
    float[] x = new float[n * length];
    int[] labels = new int[n];
    int[] indices = new int[n];
    for (int i = 0; i < n; i++) {
      int datasetIndex = order[from + i];
      indices[i] = datasetIndex;
      labels[i] = dataset.label(datasetIndex);
      transform.apply(epoch, datasetIndex, scratch, x, i * length);
    }
    return new Batch(epoch, index, Shape.nhwc(n, example.dim(0), example.dim(1), example.dim(2)), x, labels, indices);
  }

  int[] cachedOrder(int epoch) {
    EpochOrder cached = lastOrder;
    if (cached == null || cached.epoch() != epoch) {
      cached = new EpochOrder(epoch, order(epoch));
      lastOrder = cached;
    }
    return cached.order();
  }

  private static void checkEpoch(int epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epochs count from 0, got " + epoch);
    }
  }
}
