package io.jresnet.nn;

import io.jresnet.backend.Backend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Backend tensors for activations, kept between layers and between calls. A forward pass takes a buffer for each
 * value it makes and gives it back after the value's last reader, so a buffer serves many values in turn. Buffers
 * are pooled by element count: where the backend can alias memory ({@link Backend#view}), a buffer serves every
 * shape of its size (ResNet's {@code [N, 112, 112, 64]} stem and {@code [N, 56, 56, 256]} blocks share buffers), and
 * only by its own shape otherwise. As a plan runs its steps in the same order every time, the second pass over one
 * input shape finds every buffer and view it needs and allocates nothing.
 *
 * <p>It holds buffers for one input shape: {@link #reshapeFor} with another shape frees them all, so alternating
 * input sizes cost allocations but never pile buffers up. Not thread-safe: its {@link Model} lets one evaluation
 * forward use it at a time.
 */
final class ActivationArena implements AutoCloseable {
  private final Backend backend;
  /** Free buffers, one list per element count (few sizes: a linear search allocates nothing, unlike boxed keys). */
  private final List<SizePool> pools = new ArrayList<>();
  private final List<Tensor> all = new ArrayList<>();
  /** The views made of each buffer, by shape: made once, handed out again on every later pass. */
  private final Map<Tensor, Map<Shape, Tensor>> viewsOf = new IdentityHashMap<>();
  /** The buffer under each view. */
  private final Map<Tensor, Tensor> bufferOf = new IdentityHashMap<>();
  private boolean viewsUnsupported;
  private Shape inputShape;
  private long allocations;

  private record SizePool(int floats, List<Tensor> free) {}

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

  /** A tensor of {@code shape}, whose contents are left over from earlier use (kernels overwrite their outputs). */
  Tensor take(Shape shape) {
    List<Tensor> free = pool(shape.size()).free();
    for (int i = free.size() - 1; i >= 0; i--) {
      if (free.get(i).shape().equals(shape)) {
        return free.remove(i);
      }
    }
    if (!free.isEmpty()) {
      Tensor view = viewOf(free.getLast(), shape);
      if (view != null) {
        free.removeLast();
        return view;
      }
    }
    Tensor t = backend.allocate(shape);
    allocations++;
    all.add(t);
    return t;
  }

  /** Gives back a tensor from {@link #take}: its buffer serves a later value of its size. */
  void give(Tensor t) {
    Tensor buffer = bufferOf.getOrDefault(t, t);
    pool(buffer.shape().size()).free().add(buffer);
  }

  /**
   * Gives back every buffer, in the order they were made: before a pass (so that each pass at one input size hands
   * the same buffers to the same values, and the kernels' prepared calls, which hold their arrays, apply again), and
   * after a failed one, whose values are all dead.
   */
  void giveAll() {
    for (int i = 0; i < pools.size(); i++) {
      pools.get(i).free().clear();
    }
    for (int i = 0; i < all.size(); i++) {
      give(all.get(i));
    }
  }

  /** How many buffers the arena has allocated since it was made (views are not buffers). */
  long allocations() {
    return allocations;
  }

  /** Floats held in all buffers. */
  long heldFloats() {
    return all.stream().mapToLong(t -> t.shape().elementCount()).sum();
  }

  /** Frees every buffer and view; the arena stays usable. */
  @Override
  public void close() {
    bufferOf.keySet().forEach(Tensor::close);
    all.forEach(Tensor::close);
    bufferOf.clear();
    viewsOf.clear();
    all.clear();
    pools.clear();
  }

  private SizePool pool(int floats) {
    for (int i = 0; i < pools.size(); i++) {
      if (pools.get(i).floats() == floats) {
        return pools.get(i);
      }
    }
    SizePool p = new SizePool(floats, new ArrayList<>());
    pools.add(p);
    return p;
  }

  /** {@code buffer} seen as {@code shape}: the view made earlier, a new one, or null when the backend has none. */
  private Tensor viewOf(Tensor buffer, Shape shape) {
    Map<Shape, Tensor> views = viewsOf.get(buffer);
    Tensor view = views == null ? null : views.get(shape);
    if (view != null || viewsUnsupported) {
      return view;
    }
    Optional<Tensor> made = backend.view(buffer, shape);
    if (made.isEmpty()) {
      viewsUnsupported = true;
      return null;
    }
    viewsOf.computeIfAbsent(buffer, b -> new HashMap<>()).put(shape, made.get());
    bufferOf.put(made.get(), buffer);
    return made.get();
  }
}
