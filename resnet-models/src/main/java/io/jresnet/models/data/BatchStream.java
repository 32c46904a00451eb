package io.jresnet.models.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The batches of one epoch (from a chosen batch on), built by a prefetch thread while the consumer computes: the
 * thread fills a bounded queue and blocks when it is full, so at most {@code prefetchBatches} finished batches wait.
 * Made by {@link DataLoader#stream(int, int)}; use from one consumer thread, inside try-with-resources.
 *
 * <p>An exception thrown while a batch is built (say a {@link DataException} naming a corrupt image) stops the thread
 * and is rethrown, as thrown, by the {@link #next()} call that would have returned that batch. {@link #close()} stops
 * the thread and waits for it to end; batches not yet taken are discarded.
 */
public final class BatchStream implements Iterator<Batch>, AutoCloseable {
  private final int end;
  private final BlockingQueue<Object> queue;
  private final Thread producer;
  private int next;
  private boolean closed;
  private boolean failed;

  /** What the producer hands over in place of a batch when building it failed. */
  private record Failure(Throwable error) {}

  BatchStream(DataLoader loader, int epoch, int first, int capacity) {
    this.end = loader.batchesPerEpoch();
    this.next = first;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.producer = Thread.ofPlatform()
        .name("jresnet-prefetch-epoch-" + epoch)
        .daemon(true)
        .unstarted(() -> produce(loader, epoch, first));
    producer.start();
  }

  private void produce(DataLoader loader, int epoch, int first) {
    try {
      int[] order;
      float[] scratch;
      try {
        order = loader.order(epoch);
        scratch = new float[loader.dataset().exampleLength()];
      } catch (RuntimeException | Error e) {
        queue.put(new Failure(e));
        return;
      }
      for (int b = first; b < end && !Thread.currentThread().isInterrupted(); b++) {
        Object item;
        try {
          item = loader.build(epoch, b, order, scratch);
        } catch (RuntimeException | Error e) {
          item = new Failure(e);
        }
        queue.put(item);
        if (item instanceof Failure) {
          return;
        }
      }
    } catch (InterruptedException e) {
      // close() asked the thread to stop; nobody waits for what it was putting.
      Thread.currentThread().interrupt();
    }
  }

  /** Whether another batch of the epoch remains; false once closed or after a failure. */
  @Override
  public boolean hasNext() {
    return !closed && !failed && next < end;
  }

  /**
   * The next batch, waiting for the prefetch thread when it is behind.
   *
   * @throws NoSuchElementException after the last batch, after a failure, or once closed
   * @throws RuntimeException the exception that building this batch threw (e.g. {@link DataException})
   */
  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException(closed ? "the batch stream is closed" : "no batches left in this epoch");
    }
    Object item;
    try {
      item = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while waiting for batch " + next, e);
    }
    if (item instanceof Failure(Throwable error)) {
      failed = true;
      close();
      switch (error) {
        case RuntimeException r -> throw r;
        case Error r -> throw r;
        default -> throw new IllegalStateException("building batch " + next + " failed", error);
      }
    }
    next++;
    return (Batch) item;
  }

  /** Stops the prefetch thread and waits for it; safe to call more than once. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    producer.interrupt();
    boolean interrupted = false;
    while (producer.isAlive()) {
      try {
        producer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    queue.clear();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the prefetch thread is still running (for tests and diagnostics). */
  boolean producerAlive() {
    return producer.isAlive();
  }
}
