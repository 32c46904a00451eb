package io.jresnet.models.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.tensor.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchStreamTest {
  /** Wraps a data set, counting reads and failing at one index the way a corrupt image file would. */
  private static class Faulty implements Dataset {
    private final Dataset inner;
    private final int badIndex;
    final AtomicInteger reads = new AtomicInteger();

    Faulty(Dataset inner, int badIndex) {
      this.inner = inner;
      this.badIndex = badIndex;
    }

    @Override
    public int size() {
      return inner.size();
    }

    @Override
    public Shape exampleShape() {
      return inner.exampleShape();
    }

    @Override
    public List<String> classNames() {
      return inner.classNames();
    }

    @Override
    public void example(int index, float[] dst, int offset) {
      reads.incrementAndGet();
      if (index == badIndex) {
        throw new DataException(Path.of("img", "bad.png"), "example " + index + ": not a readable image");
      }
      inner.example(index, dst, offset);
    }

    @Override
    public int label(int index) {
      return inner.label(index);
    }
  }

  @Test
  void anErrorReachesTheConsumerAtTheBatchThatFailed() {
    Faulty data = new Faulty(DataLoaderTest.numbered(20), 13);
    DataLoader loader = new DataLoader(data, LoaderOptions.evaluation(4));
    try (BatchStream stream = loader.stream(0)) {
      for (int k = 0; k < 3; k++) {
        assertEquals(k, stream.next().index());
      }
      DataException e = assertThrows(DataException.class, stream::next);
      assertEquals("img/bad.png: example 13: not a readable image", e.getMessage());
      assertFalse(stream.hasNext());
      assertThrows(NoSuchElementException.class, stream::next);
      assertFalse(stream.producerAlive());
    }
  }

  @Test
  void closingEarlyStopsTheThreadThatWaitsOnAFullQueue() throws InterruptedException {
    Faulty data = new Faulty(DataLoaderTest.numbered(100), -1);
    DataLoader loader = new DataLoader(data, LoaderOptions.training(2, 1).withPrefetchBatches(3));
    BatchStream stream = loader.stream(0);
    stream.next();
    // The producer fills the queue (3 batches) plus the one it holds, then blocks: it must not read all 100.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (data.reads.get() < 2 * 5 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    Thread.sleep(50);
    assertTrue(data.reads.get() <= 2 * 5, "read " + data.reads.get() + " examples ahead of a bounded queue");
    assertTrue(stream.producerAlive());
    stream.close();
    assertFalse(stream.producerAlive());
    assertFalse(stream.hasNext());
    assertEquals("the batch stream is closed", assertThrows(NoSuchElementException.class, stream::next).getMessage());
    stream.close();
  }

  @Test
  void aStreamRunsToTheEndAndItsThreadEnds() throws InterruptedException {
    DataLoader loader = new DataLoader(DataLoaderTest.numbered(9), LoaderOptions.evaluation(4));
    BatchStream stream = loader.stream(0);
    int count = 0;
    while (stream.hasNext()) {
      count += stream.next().size();
    }
    assertEquals(9, count);
    CountDownLatch done = new CountDownLatch(1);
    Thread.ofPlatform().start(() -> {
      while (stream.producerAlive()) {
        Thread.onSpinWait();
      }
      done.countDown();
    });
    assertTrue(done.await(10, TimeUnit.SECONDS), "the prefetch thread ends by itself after the last batch");
    stream.close();
  }

  @Test
  void errorsAreRethrownAsThrown() {
    IllegalStateException boom = new IllegalStateException("boom");
    Dataset data = new Faulty(DataLoaderTest.numbered(3), -1) {
      @Override
      public int label(int index) {
        throw boom;
      }
    };
    try (BatchStream stream = new DataLoader(data, LoaderOptions.evaluation(2)).stream(0)) {
      assertSame(boom, assertThrows(IllegalStateException.class, stream::next));
    }
  }
}
