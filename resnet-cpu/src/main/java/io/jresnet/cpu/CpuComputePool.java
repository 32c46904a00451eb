package io.jresnet.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one pool every CPU kernel runs on: a fixed team of {@code threads} participants, namely the thread that calls
 * {@link #parallelFor} plus {@code threads - 1} named daemon workers. A region's task indices are dealt out in
 * contiguous shares, participant {@code p} owning {@code [p * tasks / threads, (p + 1) * tasks / threads)}: each
 * takes its own tasks from the front of its share and, once that is empty, steals from the back of the others'. The
 * shares keep a thread on the same slice of the data from one kernel to the next (a conv's output rows are read by the
 * thread that wrote them, from its own L2: 2-3% off a ResNet-50 forward against one shared counter, alternating
 * per forward in one process), and stealing keeps the scheduling dynamic, so a worker slowed down by other processes
 * on a shared machine simply runs fewer tasks. The only other synchronisation is one wake-up and one completion count
 * per region.
 *
 * <p>Each participant has a stable index in {@code [0, threads)} that kernels use to pick per-thread scratch buffers.
 * Which participant runs which task varies from run to run, so kernels must never let a RESULT depend on it: every
 * reduction keeps its partial sums per task (or per fixed range of tasks) and adds them in index order, which makes
 * the kernels bit-deterministic for a given thread count. Regions are serialised: callers from several threads take turns, and a region started from inside a task runs
 * inline on the calling participant.
 */
public final class CpuComputePool implements AutoCloseable {
  /**
   * How long an idle participant spins before it parks outside a {@linkplain #beginBurst burst}; back-to-back
   * kernels then start without a syscall.
   */
  private static final long SPIN_NANOS = 50_000;

  /** One task of a parallel region. */
  @FunctionalInterface
  public interface Task {
    /**
     * @param index the task index, in {@code [0, tasks)}
     * @param participant the index of the thread running it, in {@code [0, threads)}
     */
    void run(int index, int participant);
  }

  /** A contiguous slice {@code [from, to)} of a range split across a parallel region. */
  @FunctionalInterface
  public interface RangeTask {
    void run(int from, int to, int participant);
  }

  private final int threads;
  /** Runs before each task handed out across threads; null except in scheduling tests. */
  private final Task beforeTask;
  private final Worker[] workers;
  private static final int SHARE_SLOT = 16;
  private final ReentrantLock regionLock = new ReentrantLock();
  /**
   * Participant {@code p}'s share of the running region at index {@code p * SHARE_SLOT}: the next task from the front
   * in the high 32 bits, the end (exclusive) in the low 32; slots a cache line or more apart so that the owners' CASes
   * do not contend.
   */
  private final AtomicLongArray shares;
  private final AtomicInteger busyWorkers = new AtomicInteger();

  private Task task;
  /** The range of the running {@link #parallelRange} region, its length and its slices; set under the region lock. */
  private RangeTask rangeBody;
  private int rangeCount;
  private int rangeTasks;
  private final Task rangeSlice =
      (t, participant) ->
          rangeBody.run(sliceStart(rangeCount, t, rangeTasks), sliceStart(rangeCount, t + 1, rangeTasks), participant);
  private Thread caller;
  private volatile Throwable failure;
  private volatile int generation;
  /** Open bursts: while any is open, idle participants spin instead of parking. */
  private final AtomicInteger bursts = new AtomicInteger();
  private volatile boolean closed;

  /** Starts {@code threads - 1} daemon workers named {@code jresnet-cpu-1 ...}. */
  public CpuComputePool(int threads) {
    this(threads, null);
  }

  /**
   * A pool that calls {@code beforeTask} before every task that a multi-threaded region hands out: tests use it to
   * delay participants at random and so shuffle which thread runs which task.
   */
  CpuComputePool(int threads, Task beforeTask) {
    if (threads < 1) {
      throw new IllegalArgumentException("compute pool needs at least 1 thread, got " + threads);
    }
    this.threads = threads;
    this.beforeTask = beforeTask;
    this.workers = new Worker[threads - 1];
    this.shares = new AtomicLongArray(threads * SHARE_SLOT);
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Worker(i + 1);
      workers[i].start();
    }
  }

  /**
   * Opens a burst of regions (one forward pass, say): until {@link #endBurst}, a participant that runs out of tasks
   * spins for the next region however long the caller takes between regions, instead of parking after {@link
   * #SPIN_NANOS}. On this project's VM a parked worker takes long enough to wake that batch-1 regions, a fraction of
   * a millisecond each, ran no faster on two threads than on one. Bursts nest; each begin needs one end.
   */
  public void beginBurst() {
    bursts.incrementAndGet();
  }

  /** Closes a burst opened by {@link #beginBurst}; idle participants park again once the last one closes. */
  public void endBurst() {
    if (bursts.decrementAndGet() < 0) {
      bursts.incrementAndGet();
      throw new IllegalStateException("endBurst without a matching beginBurst");
    }
  }

  /** Participants in a region, the caller included. */
  public int threads() {
    return threads;
  }

  /**
   * Runs {@code task} for every index in {@code [0, tasks)} across the pool and returns when all are done. The first
   * exception thrown by a task stops the hand-out of further indices and is rethrown here.
   */
  public void parallelFor(int tasks, Task task) {
    dispatch(tasks, task, null, 0);
  }

  /**
   * Splits {@code [0, count)} into contiguous slices of at least {@code grain} items (a few per thread, for balance)
   * and runs them like {@link #parallelFor}; a range too small to be worth a hand-off runs on the caller.
   */
  public void parallelRange(int count, int grain, RangeTask body) {
    if (count <= 0) {
      return;
    }
    int tasks = (int) Math.max(1, Math.min(4L * threads, count / Math.max(1, grain)));
    dispatch(tasks, null, body, count);
  }

  /** Runs {@code task}, or else the {@code tasks} slices of {@code [0, count)} of {@code range}. */
  private void dispatch(int tasks, Task task, RangeTask range, int count) {
    if (tasks <= 0) {
      return;
    }
    if (Thread.currentThread() instanceof Worker worker && worker.pool() == this) {
      runInline(tasks, task, range, count, worker.index);
      return;
    }
    regionLock.lock();
    try {
      ensureOpen();
      if (regionLock.getHoldCount() > 1 || tasks == 1 || workers.length == 0) {
        runInline(tasks, task, range, count, 0);
        return;
      }
      if (task != null) {
        runRegion(tasks, task);
        return;
      }
      // The slices read these through one task made once: a lambda per range would allocate on every call.
      rangeBody = range;
      rangeCount = count;
      rangeTasks = tasks;
      try {
        runRegion(tasks, rangeSlice);
      } finally {
        rangeBody = null;
      }
    } finally {
      regionLock.unlock();
    }
  }

  private static void runInline(int tasks, Task task, RangeTask range, int count, int participant) {
    for (int i = 0; i < tasks; i++) {
      if (task != null) {
        task.run(i, participant);
      } else {
        range.run(sliceStart(count, i, tasks), sliceStart(count, i + 1, tasks), participant);
      }
    }
  }

  /** Where slice {@code t} of {@code tasks} of {@code [0, count)} starts. */
  private static int sliceStart(int count, int t, int tasks) {
    return (int) ((long) count * t / tasks);
  }

  private void runRegion(int tasks, Task regionTask) {
    this.task = regionTask;
    this.caller = Thread.currentThread();
    this.failure = null;
    for (int p = 0; p < threads; p++) {
      shares.set(p * SHARE_SLOT, share((int) ((long) p * tasks / threads), (int) ((long) (p + 1) * tasks / threads)));
    }
    busyWorkers.set(workers.length);
    generation++; // the volatile write publishes the fields above to the workers
    for (Worker w : workers) {
      LockSupport.unpark(w);
    }
    runTasks(0);
    long spinUntil = System.nanoTime() + SPIN_NANOS;
    for (int spins = 1; busyWorkers.get() != 0; spins++) {
      if (!idleSpin(spinUntil, spins)) {
        LockSupport.park(this);
      }
    }
    this.task = null;
    Throwable t = failure;
    if (t != null) {
      failure = null;
      if (t instanceof RuntimeException r) {
        throw r;
      }
      if (t instanceof Error e) {
        throw e;
      }
      throw new IllegalStateException(t);
    }
  }

  private static final int YIELD_EVERY = 64;

  /**
   * One turn of an idle participant's wait: spins until {@code spinUntil}, and during a burst beyond it too, then
   * offering the core to other threads every {@link #YIELD_EVERY} turns (on an oversubscribed machine a participant
   * that only spun would hold a core the caller needs to reach the next region). False: park instead.
   */
  private boolean idleSpin(long spinUntil, int spins) {
    if (System.nanoTime() < spinUntil) {
      Thread.onSpinWait();
      return true;
    }
    if (bursts.get() == 0) {
      return false;
    }
    if (spins % YIELD_EVERY == 0) {
      Thread.yield();
    } else {
      Thread.onSpinWait();
    }
    return true;
  }

  private static long share(int front, int end) {
    return ((long) front << 32) | end;
  }

  /** The next task for {@code participant}: the front of its own share, else the back of another's; -1 when none. */
  private int take(int participant) {
    int i = take(participant, true);
    for (int q = 1; i < 0 && q < threads; q++) {
      i = take((participant + q) % threads, false);
    }
    return i;
  }

  /** Takes the first task of {@code owner}'s share ({@code front}) or its last; -1 when the share is empty. */
  private int take(int owner, boolean front) {
    int slot = owner * SHARE_SLOT;
    while (true) {
      long v = shares.get(slot);
      int first = (int) (v >>> 32);
      int end = (int) v;
      if (first >= end) {
        return -1;
      }
      if (shares.compareAndSet(slot, v, front ? share(first + 1, end) : share(first, end - 1))) {
        return front ? first : end - 1;
      }
    }
  }

  private void runTasks(int participant) {
    Task t = task;
    for (int i = take(participant); i >= 0; i = take(participant)) {
      try {
        if (beforeTask != null) {
          beforeTask.run(i, participant);
        }
        t.run(i, participant);
      } catch (Throwable e) {
        if (failure == null) {
          failure = e;
        }
        // No one starts another task of a failed region.
        for (int p = 0; p < threads; p++) {
          shares.set(p * SHARE_SLOT, 0L);
        }
      }
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the cpu compute pool is closed (its backend was closed)");
    }
  }

  /** Stops the workers; regions started afterwards throw. Idempotent. */
  @Override
  public void close() {
    regionLock.lock();
    try {
      closed = true;
    } finally {
      regionLock.unlock();
    }
    for (Worker w : workers) {
      LockSupport.unpark(w);
    }
  }

  private final class Worker extends Thread {
    private final int index;

    Worker(int index) {
      super("jresnet-cpu-" + index);
      this.index = index;
      setDaemon(true);
    }

    CpuComputePool pool() {
      return CpuComputePool.this;
    }

    @Override
    public void run() {
      int seen = 0;
      while (true) {
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        for (int spins = 1; generation == seen && !closed; spins++) {
          if (!idleSpin(spinUntil, spins)) {
            LockSupport.park(this);
          }
        }
        if (closed) {
          return;
        }
        seen = generation;
        runTasks(index);
        Thread waiting = caller;
        if (busyWorkers.decrementAndGet() == 0) {
          LockSupport.unpark(waiting);
        }
      }
    }
  }
}
