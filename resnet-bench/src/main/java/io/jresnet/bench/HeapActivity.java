package io.jresnet.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Counters of Java heap activity at one moment: bytes allocated by all threads since the JVM started, and the
 * collections and their accumulated time over every collector. The difference of two snapshots is what happened in
 * between.
 *
 * @param allocatedBytes total bytes allocated on the heap by all live and dead threads ({@code
 *     com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes}), or -1 where the JVM does not measure it
 * @param collections garbage collections, all collectors
 * @param collectionMillis time spent in them, all collectors
 */
public record HeapActivity(long allocatedBytes, long collections, long collectionMillis) {
  /**
   * Looked up once: {@link ManagementFactory}'s getters search the platform's beans on every call, and allocate (800
   * bytes per lookup, which a reading after the work counted as the work's).
   */
  private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();

  /**
   * The counters now. The allocation counter is read last, so that what reading the collectors allocates falls
   * before the snapshot; read {@link #allocatedBytesNow()} first thing after the work to close an interval.
   */
  public static HeapActivity now() {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean gc : COLLECTORS) {
      count += Math.max(0, gc.getCollectionCount());
      millis += Math.max(0, gc.getCollectionTime());
    }
    return new HeapActivity(allocatedBytesNow(), count, millis);
  }

  /** Total heap bytes allocated by all threads so far (allocates nothing itself), or -1 where unmeasured. */
  public static long allocatedBytesNow() {
    if (THREADS instanceof com.sun.management.ThreadMXBean threads && threads.isThreadAllocatedMemoryEnabled()) {
      return threads.getTotalThreadAllocatedBytes();
    }
    return -1;
  }

  /** What happened from {@code earlier} to this snapshot ({@code allocatedBytes} -1 if either is unknown). */
  public HeapActivity since(HeapActivity earlier) {
    long bytes = allocatedBytes < 0 || earlier.allocatedBytes < 0 ? -1 : allocatedBytes - earlier.allocatedBytes;
    return new HeapActivity(bytes, collections - earlier.collections, collectionMillis - earlier.collectionMillis);
  }

  /** The sum of two intervals. */
  public HeapActivity plus(HeapActivity other) {
    long bytes = allocatedBytes < 0 || other.allocatedBytes < 0 ? -1 : allocatedBytes + other.allocatedBytes;
    return new HeapActivity(bytes, collections + other.collections, collectionMillis + other.collectionMillis);
  }

  /** Nothing happened. */
  public static HeapActivity none() {
    return new HeapActivity(0, 0, 0);
  }
}
