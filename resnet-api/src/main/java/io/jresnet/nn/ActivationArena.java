package io.jresnet.nn;

import io.jresnet.backend.Backend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Backend tensors for activations, kept between layers and between calls and handed out by shape. A forward pass
 * takes a buffer for each value it makes and gives it back after the value's last reader, so a buffer serves many
 * values of one shape in turn. As a plan runs its steps in the same order every time, the second pass over one input
 * shape finds every buffer it needs and allocates nothing; the arena then holds, for each shape, as many buffers as
 * the plan ever has live at once.
 *
 * <p>It holds buffers for one input shape: {@link #reshapeFor} with another shape frees them all, so alternating
 * input sizes cost allocations but never pile buffers up. Not thread-safe: its {@link Model} lets one evaluation
 * forward use it at a time.
 */
final class ActivationArena implements AutoCloseable {
  private final Backend backend;
  private final Map<Shape, ArrayDeque<Tensor>> free = new HashMap<>();
  private final List<Tensor> all = new ArrayList<>();
  private Shape inputShape;
  private long allocations;

  ActivationArena(Backend backend) {
    this.backend = backend;
  }

  /**
   * Prepares for a pass over an input of {@code shape}: keeps the buffers when it is the last pass's input shape,
   * frees them all otherwise. Every buffer must have been given back.
   */
  void reshapeFor(Shape shape) {
    if (!shape.equals(inputShape)) {
      close();
      inputShape = shape;
    }
  }

  /** A buffer of {@code shape}, whose contents are left over from earlier use (kernels overwrite their outputs). */
  Tensor take(Shape shape) {
    ArrayDeque<Tensor> ready = free.get(shape);
    Tensor t = ready == null ? null : ready.pollLast();
    if (t != null) {
      return t;
    }
    t = backend.allocate(shape);
    allocations++;
    all.add(t);
    return t;
  }

  /** Gives back a buffer from {@link #take}, for a later value of its shape. */
  void give(Tensor t) {
    free.computeIfAbsent(t.shape(), k -> new ArrayDeque<>()).addLast(t);
  }

  /** Gives back every buffer (after a failed pass, whose values are all dead). */
  void giveAll() {
    free.clear();
    all.forEach(this::give);
  }

  /** How many buffers the arena has allocated since it was made. */
  long allocations() {
    return allocations;
  }

  /** Floats held in all buffers. */
  long heldFloats() {
    return all.stream().mapToLong(t -> t.shape().elementCount()).sum();
  }

  /** Frees every buffer; the arena stays usable. */
  @Override
  public void close() {
    all.forEach(Tensor::close);
    all.clear();
    free.clear();
  }
}
