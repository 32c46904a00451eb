package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CpuComputePoolTest {
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void everyTaskRunsExactlyOnceAcrossManyRegions(int threads) {
    try (CpuComputePool pool = new CpuComputePool(threads)) {
      for (int tasks : new int[] {1, 2, 7, 100}) {
        for (int region = 0; region < 50; region++) {
          AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
          pool.parallelFor(tasks, (i, participant) -> {
            assertTrue(participant >= 0 && participant < threads, "participant " + participant);
            runs.incrementAndGet(i);
          });
          for (int i = 0; i < tasks; i++) {
            assertEquals(1, runs.get(i), "task " + i + " of " + tasks);
          }
        }
      }
    }
  }

  @Test
  void workersAreNamedDaemonsAndTheCallerTakesPart() throws InterruptedException {
    try (CpuComputePool pool = new CpuComputePool(2)) {
      Set<Thread> seen = ConcurrentHashMap.newKeySet();
      // Enough slow tasks that both participants pick some up.
      pool.parallelFor(64, (i, participant) -> {
        seen.add(Thread.currentThread());
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertTrue(seen.contains(Thread.currentThread()), "the calling thread runs tasks too");
      for (Thread t : seen) {
        if (t != Thread.currentThread()) {
          assertTrue(t.isDaemon(), t + " is a daemon");
          assertEquals("jresnet-cpu-1", t.getName());
        }
      }
    }
  }

  @Test
  void eachParticipantStartsOnItsOwnShareAndTheOthersStealASlowOnesRest() {
    // Participant 1 is slowed down on every task: it starts on the front of its share (task 4 of 8) while the caller
    // runs its own share 0-3 from the front and then steals 7, 6, 5 from the back of participant 1's.
    int[] ranBy = new int[8];
    CpuComputePool.Task slowWorker = (i, participant) -> {
      if (participant == 1) {
        try {
          Thread.sleep(300);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    try (CpuComputePool pool = new CpuComputePool(2, slowWorker)) {
      List<Integer> callerOrder = new CopyOnWriteArrayList<>();
      pool.parallelFor(8, (i, participant) -> {
        ranBy[i] = participant;
        if (participant == 0) {
          callerOrder.add(i);
        }
      });
      assertEquals(List.of(0, 1, 2, 3), callerOrder.subList(0, 4), "the caller's own share, front first");
      int byWorker = 0;
      for (int i = 4; i < 8; i++) {
        byWorker += ranBy[i];
      }
      assertTrue(byWorker <= 1, "the slowed worker ran " + byWorker + " of its 4 tasks; the caller stole the rest");
      if (byWorker == 1) {
        assertEquals(1, ranBy[4], "the worker starts at the front of its share");
        assertEquals(List.of(7, 6, 5), callerOrder.subList(4, 7), "steals come from the back");
      }
    }
  }

  @Test
  void rangesCoverEveryIndexOnceInContiguousSlices() {
    try (CpuComputePool pool = new CpuComputePool(2)) {
      for (int count : new int[] {1, 5, 1000, 12345}) {
        AtomicIntegerArray hits = new AtomicIntegerArray(count);
        pool.parallelRange(count, 10, (from, to, participant) -> {
          assertTrue(from < to, "empty slice " + from);
          for (int i = from; i < to; i++) {
            hits.incrementAndGet(i);
          }
        });
        for (int i = 0; i < count; i++) {
          assertEquals(1, hits.get(i), "index " + i + " of " + count);
        }
      }
    }
  }

  @Test
  void theFirstFailureReachesTheCallerAndThePoolStaysUsable() {
    try (CpuComputePool pool = new CpuComputePool(2)) {
      IllegalStateException boom = new IllegalStateException("boom");
      IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> pool.parallelFor(20, (i, p) -> {
        if (i == 3) {
          throw boom;
        }
      }));
      assertSame(boom, thrown);
      AtomicIntegerArray runs = new AtomicIntegerArray(10);
      pool.parallelFor(10, (i, p) -> runs.incrementAndGet(i));
      for (int i = 0; i < 10; i++) {
        assertEquals(1, runs.get(i));
      }
    }
  }

  @Test
  void aRegionStartedInsideATaskRunsInlineOnThatParticipant() {
    try (CpuComputePool pool = new CpuComputePool(2)) {
      AtomicIntegerArray inner = new AtomicIntegerArray(4 * 3);
      pool.parallelFor(4, (outer, participant) ->
          pool.parallelFor(3, (i, innerParticipant) -> {
            assertEquals(participant, innerParticipant);
            inner.incrementAndGet(outer * 3 + i);
          }));
      for (int i = 0; i < inner.length(); i++) {
        assertEquals(1, inner.get(i));
      }
    }
  }

  @Test
  void closedPoolRefusesWorkAndBadSizesAreRejected() {
    CpuComputePool pool = new CpuComputePool(2);
    pool.close();
    pool.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.parallelFor(3, (i, p) -> {}));
    assertEquals("the cpu compute pool is closed (its backend was closed)", e.getMessage());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> new CpuComputePool(0));
    assertEquals("compute pool needs at least 1 thread, got 0", bad.getMessage());
  }

  @Test
  void regionsInANestedBurstRunEveryTaskAndUnmatchedEndsAreRefused() throws InterruptedException {
    try (CpuComputePool pool = new CpuComputePool(2)) {
      pool.beginBurst();
      pool.beginBurst();
      for (int region = 0; region < 200; region++) {
        AtomicIntegerArray runs = new AtomicIntegerArray(8);
        pool.parallelFor(8, (i, participant) -> runs.incrementAndGet(i));
        for (int i = 0; i < 8; i++) {
          assertEquals(1, runs.get(i), "region " + region + ", task " + i);
        }
        if (region % 50 == 0) {
          Thread.sleep(1); // the worker waits between regions, spinning, longer than it would outside a burst
        }
      }
      pool.endBurst();
      pool.endBurst();
      IllegalStateException e = assertThrows(IllegalStateException.class, pool::endBurst);
      assertEquals("endBurst without a matching beginBurst", e.getMessage());
      AtomicIntegerArray after = new AtomicIntegerArray(4);
      pool.parallelFor(4, (i, participant) -> after.incrementAndGet(i));
      for (int i = 0; i < 4; i++) {
        assertEquals(1, after.get(i), "after the burst, task " + i);
      }
    }
  }
}
