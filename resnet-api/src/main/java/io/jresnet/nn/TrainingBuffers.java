package io.jresnet.nn;

import io.jresnet.backend.Backend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The activations, saved values and gradients of one model's training steps, recycled by shape from step to step:
 * every step of a fixed batch size asks for the same shapes in the same order, so after the first step a step
 * allocates no tensor memory at all (no zeroing of fresh arrays, no garbage). A tensor taken here is
 * <em>outstanding</em> until it is released; releasing is idempotent and ignores tensors that are not outstanding,
 * so a pass may release everything it ever took when it fails. Recycled tensors hold a previous step's values:
 * every kernel fully overwrites its outputs.
 *
 * <p>Shapes no longer asked for (e.g. after the last, smaller batch of an epoch) are freed: a free tensor that a
 * whole step went by without taking is closed when the next step begins. Single-threaded, as training is.
 */
final class TrainingBuffers implements AutoCloseable {
  /** A free tensor and the step in which it was released. */
  private record Free(Tensor tensor, long releasedIn) {}

  private final Backend backend;
  private final Map<Shape, ArrayDeque<Free>> free = new HashMap<>();
  private final Set<Tensor> outstanding = Collections.newSetFromMap(new IdentityHashMap<>());
  private long step;

  TrainingBuffers(Backend backend) {
    this.backend = backend;
  }

  /** Starts a training step: frees the tensors that the whole previous step went by without taking. */
  void beginStep() {
    step++;
    for (Iterator<ArrayDeque<Free>> lists = free.values().iterator(); lists.hasNext(); ) {
      ArrayDeque<Free> list = lists.next();
      list.removeIf(
          f -> {
            boolean stale = f.releasedIn() < step - 1;
            if (stale) {
              f.tensor().close();
            }
            return stale;
          });
      if (list.isEmpty()) {
        lists.remove();
      }
    }
  }

  /** A tensor of {@code shape} with unspecified contents, outstanding until {@link #release}d or {@link #detach}ed. */
  Tensor take(Shape shape) {
    ArrayDeque<Free> list = free.get(shape);
    Tensor t = null;
    while (list != null && !list.isEmpty() && t == null) {
      Tensor candidate = list.pop().tensor();
      // Someone may have closed a tensor the executor handed out; its array is gone.
      if (!candidate.isClosed()) {
        t = candidate;
      }
    }
    if (t == null) {
      t = backend.allocate(shape);
    }
    outstanding.add(t);
    return t;
  }

  /** Takes {@code t} back for reuse if it is outstanding; does nothing otherwise (already released or not ours). */
  void release(Tensor t) {
    if (t != null && outstanding.remove(t) && !t.isClosed()) {
      // Last in, first out: the tensor most recently written is the likeliest to still be in cache.
      free.computeIfAbsent(t.shape(), s -> new ArrayDeque<>()).push(new Free(t, step));
    }
  }

  /** Hands {@code t} over to the caller for good (a pass's result): it will never be taken again. */
  void detach(Tensor t) {
    outstanding.remove(t);
  }

  /** Free tensors held for reuse, for tests. */
  int freeCount() {
    int n = 0;
    for (ArrayDeque<Free> list : free.values()) {
      n += list.size();
    }
    return n;
  }

  /** Closes every free and outstanding tensor; idempotent. */
  @Override
  public void close() {
    List<Tensor> all = new ArrayList<>(outstanding);
    free.values().forEach(list -> list.forEach(f -> all.add(f.tensor())));
    outstanding.clear();
    free.clear();
    all.forEach(Tensor::close);
  }
}
