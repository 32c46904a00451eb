package io.jresnet.nn;

import io.jresnet.WeightsException;
import io.jresnet.backend.Backend;
import io.jresnet.graph.Graph;
import io.jresnet.io.HostTensor;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A model's parameter tensors on one backend, by torchvision name in graph order, each with its
 * {@link ParameterSpec} (canonical layout: conv HWIO, dense {@code [in, out]}), and the gradient of each trainable
 * one, made on first use. Owns the tensors: closing it frees them all, gradients included.
 */
public final class Parameters implements AutoCloseable {
  private final Backend backend;
  private final List<ParameterSpec> specs;
  private final Map<String, ParameterSpec> specsByName;
  private final Map<String, Tensor> tensors;
  /** Gradients made so far, by name; iteration follows first use, {@link #gradients()} follows graph order. */
  private long version;
  private final Map<String, Tensor> gradients = new HashMap<>();
  /** Names whose tensors {@link #release} freed, in release order. */
  private final Set<String> released = new LinkedHashSet<>();
  private boolean closed;

  private Parameters(Backend backend, List<ParameterSpec> specs, Map<String, Tensor> tensors) {
    this.backend = backend;
    this.specs = List.copyOf(specs);
    this.specsByName = byName(specs);
    this.tensors = Collections.unmodifiableMap(tensors);
  }

  /**
   * The parameters {@code graph} needs at its own input size, in node order (they do not depend on the batch).
   *
   * @throws io.jresnet.ShapeException if the graph's shapes do not fit together
   */
  public static List<ParameterSpec> specs(Graph graph) {
    List<Layer> layers = Layers.createAll(graph);
    Map<String, Shape> shapes = ShapeInference.infer(graph, layers, graph.inputShape().prependBatch(1));
    return specs(layers, shapes);
  }

  static List<ParameterSpec> specs(List<Layer> layers, Map<String, Shape> shapes) {
    List<ParameterSpec> out = new ArrayList<>();
    for (Layer layer : layers) {
      out.addAll(layer.parameters(ShapeInference.inputShapes(layer.node(), shapes)));
    }
    return List.copyOf(out);
  }

  /** Fresh parameters for {@code graph}, drawn by {@code initializer} from {@code seed} (deterministic). */
  public static Parameters allocate(Graph graph, Backend backend, Initializer initializer, long seed) {
    return allocate(specs(graph), backend, initializer, seed);
  }

  /** Fresh parameters for {@code specs}, drawn by {@code initializer} from {@code seed} (deterministic). */
  public static Parameters allocate(
      List<ParameterSpec> specs, Backend backend, Initializer initializer, long seed) {
    Objects.requireNonNull(initializer, "initializer");
    // The initializer's arrays are fresh and unshared: hand them over instead of copying (102 MB less garbage for
    // ResNet-50, which the serial collector's old generation otherwise grew for).
    return upload(specs, backend, spec -> initializer.values(spec, seed), true);
  }

  /**
   * Parameters for {@code graph} from host arrays in canonical layout (see {@link #fromHost(List, Backend, Map)}).
   */
  public static Parameters fromHost(Graph graph, Backend backend, Map<String, float[]> values) {
    return fromHost(specs(graph), backend, values);
  }

  /**
   * Parameters from host arrays, row-major in the canonical layout of each spec (conv HWIO, dense {@code [in,
   * out]}); importers transpose from PyTorch layouts first. Names ending in {@code .num_batches_tracked} of a
   * batch-norm node are ignored, as PyTorch state dicts carry them. Every problem is found before anything is
   * allocated and all are reported together.
   *
   * @throws WeightsException (without a file; importers add theirs) listing missing, unexpected and wrongly sized
   *     tensors by name
   */
  public static Parameters fromHost(List<ParameterSpec> specs, Backend backend, Map<String, float[]> values) {
    Map<String, Shape> sizes = new LinkedHashMap<>();
    values.forEach((name, data) -> sizes.put(name, Shape.of(data.length)));
    check(specs, sizes, null, true);
    return upload(specs, backend, spec -> values.get(spec.name()), false);
  }

  /**
   * Parameters from host tensors in canonical layout (conv HWIO, dense {@code [in, out]}), e.g. read from a weights
   * file and transposed from PyTorch layouts. Names and exact shapes are checked first (see {@link #checkShapes}),
   * so nothing is allocated unless everything fits.
   *
   * @param file the weights file, for messages; may be null
   * @throws WeightsException listing every missing, unexpected and mis-shaped tensor by name
   */
  public static Parameters fromHostTensors(
      List<ParameterSpec> specs, Backend backend, Map<String, HostTensor> tensors, String file) {
    Map<String, Shape> shapes = new LinkedHashMap<>();
    tensors.forEach((name, t) -> shapes.put(name, t.shape()));
    checkShapes(specs, shapes, file);
    return upload(specs, backend, spec -> tensors.get(spec.name()).data(), false);
  }

  /**
   * Checks names and shapes of tensors a file provides against the specs, before anything is read or allocated.
   *
   * @param provided tensor name to shape, in canonical layout
   * @param file the weights file, for the message; may be null
   * @throws WeightsException listing every missing, unexpected and mis-shaped tensor by name
   */
  public static void checkShapes(List<ParameterSpec> specs, Map<String, Shape> provided, String file) {
    check(specs, provided, file, false);
  }

  private static void check(
      List<ParameterSpec> specs, Map<String, Shape> provided, String file, boolean sizesOnly) {
    Map<String, ParameterSpec> expected = byName(specs);
    WeightsMismatch mismatch = new WeightsMismatch();
    for (ParameterSpec spec : specs) {
      Shape got = provided.get(spec.name());
      if (got == null) {
        mismatch.missing(spec);
      } else if (sizesOnly ? got.elementCount() != spec.shape().elementCount() : !got.equals(spec.shape())) {
        mismatch.misShaped(spec, got, sizesOnly);
      }
    }
    for (String name : provided.keySet()) {
      if (!expected.containsKey(name) && !isIgnoredBatchCounter(name, expected)) {
        mismatch.unexpected(name);
      }
    }
    mismatch.throwIfAny(file);
  }

  private static boolean isIgnoredBatchCounter(String name, Map<String, ParameterSpec> expected) {
    String suffix = ".num_batches_tracked";
    if (!name.endsWith(suffix)) {
      return false;
    }
    ParameterSpec mean = expected.get(name.substring(0, name.length() - suffix.length()) + ".running_mean");
    return mean != null && mean.role() == ParameterSpec.Role.BN_RUNNING_MEAN;
  }

  private interface ValueSource {
    float[] values(ParameterSpec spec);
  }

  /** Uploads each spec's values; {@code owned}: the arrays are the source's own, for the backend to keep. */
  private static Parameters upload(List<ParameterSpec> specs, Backend backend, ValueSource source, boolean owned) {
    Objects.requireNonNull(backend, "backend");
    byName(specs);
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    try {
      for (ParameterSpec spec : specs) {
        float[] values = source.values(spec);
        tensors.put(spec.name(), owned ? backend.adopt(values, spec.shape()) : backend.fromHost(values, spec.shape()));
      }
    } catch (RuntimeException e) {
      tensors.values().forEach(Tensor::close);
      throw e;
    }
    return new Parameters(backend, specs, tensors);
  }

  private static Map<String, ParameterSpec> byName(List<ParameterSpec> specs) {
    Map<String, ParameterSpec> map = new HashMap<>();
    for (ParameterSpec spec : specs) {
      if (map.put(spec.name(), spec) != null) {
        throw new IllegalArgumentException("parameter '" + spec.name() + "' is declared twice");
      }
    }
    return map;
  }

  public Backend backend() {
    return backend;
  }

  /** The specs, in graph order. */
  public List<ParameterSpec> specs() {
    return specs;
  }

  public boolean contains(String name) {
    return specsByName.containsKey(name);
  }

  /** The spec of parameter {@code name}. */
  public ParameterSpec spec(String name) {
    ParameterSpec spec = specsByName.get(name);
    if (spec == null) {
      throw new IllegalArgumentException("no parameter named '" + name + "'");
    }
    return spec;
  }

  /** The tensor of parameter {@code name}, owned by these parameters. */
  public Tensor get(String name) {
    requireOpen();
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no parameter named '" + name + "'");
    }
    requireHeld(name);
    return t;
  }

  /**
   * Whether parameter {@code name} was freed by a model bound for inference only ({@link Model#bindForInference}),
   * which keeps only the evaluation weights it prepared from it.
   */
  public boolean isReleased(String name) {
    spec(name);
    return released.contains(name);
  }

  /**
   * Frees the tensors of {@code names} (and their gradients) for good: their values live on only in what a model
   * prepared from them. Later reads of them, or of all tensors at once, throw {@link IllegalStateException}.
   */
  void release(Set<String> names) {
    requireOpen();
    for (String name : names) {
      Tensor t = tensors.get(name);
      if (t == null) {
        throw new IllegalArgumentException("no parameter named '" + name + "'");
      }
      if (released.add(name)) {
        t.close();
        Tensor g = gradients.remove(name);
        if (g != null) {
          g.close();
        }
      }
    }
  }

  private void requireHeld(String name) {
    if (released.contains(name)) {
      throw new IllegalStateException(releasedMessage(name));
    }
  }

  private void requireNoneReleased() {
    if (!released.isEmpty()) {
      throw new IllegalStateException(
          releasedMessage(released.iterator().next()) + " (" + released.size() + " of " + specs.size()
              + " parameters were released)");
    }
  }

  private static String releasedMessage(String name) {
    return "parameter '" + name + "' was released by a model bound for inference only (Model.bindForInference): "
        + "load the weights again to train, export or save them";
  }

  /**
   * The gradient of trainable parameter {@code name}: a tensor of the parameter's shape, owned here, zero-filled
   * when first asked for and afterwards holding what the last {@link Model#backward} wrote (each backward pass
   * overwrites it; nothing accumulates across passes).
   *
   * @throws IllegalArgumentException for an unknown name, or a non-trainable buffer (batch-norm running
   *     statistics), which has no gradient
   */
  public Tensor gradient(String name) {
    requireOpen();
    ParameterSpec spec = spec(name);
    requireHeld(name);
    if (!spec.trainable()) {
      throw new IllegalArgumentException(
          "parameter '" + name + "' is a non-trainable buffer (" + spec.role() + ") and has no gradient");
    }
    Tensor g = gradients.get(name);
    if (g == null) {
      g = backend.allocate(spec.shape());
      gradients.put(name, g);
    }
    return g;
  }

  /**
   * The gradient of every trainable parameter by name, in graph order (made now where not yet made; see {@link
   * #gradient}); the map is unmodifiable and the tensors stay owned here.
   */
  public Map<String, Tensor> gradients() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (ParameterSpec spec : specs) {
      if (spec.trainable()) {
        out.put(spec.name(), gradient(spec.name()));
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Says that parameter values may have changed in place (an optimizer step, a checkpoint copied in), so that every
   * {@link Model} bound to them prepares its evaluation weights again before its next evaluation forward. A
   * training forward of any such model implies it.
   */
  public void markChanged() {
    version++;
  }

  /** Increases with every {@link #markChanged()}: models compare it with the value they prepared at. */
  long version() {
    return version;
  }

  /** Every tensor by name, in graph order; the map is unmodifiable and the tensors stay owned here. */
  public Map<String, Tensor> tensors() {
    requireOpen();
    requireNoneReleased();
    return tensors;
  }

  /** Host copies of every tensor by name, in graph order and canonical layout (for export). */
  public Map<String, float[]> toHost() {
    requireOpen();
    requireNoneReleased();
    Map<String, float[]> out = new LinkedHashMap<>();
    tensors.forEach((name, t) -> out.put(name, t.copyToHost()));
    return out;
  }

  /** Host copies of every tensor by name, in graph order and canonical layout, with their shapes (for export). */
  public Map<String, HostTensor> toHostTensors() {
    requireOpen();
    requireNoneReleased();
    Map<String, HostTensor> out = new LinkedHashMap<>();
    tensors.forEach((name, t) -> out.put(name, new HostTensor(t.shape(), t.copyToHost())));
    return out;
  }

  /** Number of scalar values in all parameters. */
  public long count() {
    return specs.stream().mapToLong(s -> s.shape().elementCount()).sum();
  }

  /** Number of scalar values in trainable parameters (excluding batch-norm running statistics). */
  public long trainableCount() {
    return specs.stream().filter(ParameterSpec::trainable).mapToLong(s -> s.shape().elementCount()).sum();
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("parameters already closed");
    }
  }

  /** Frees every tensor, gradients included; idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      tensors.values().forEach(Tensor::close);
      gradients.values().forEach(Tensor::close);
      gradients.clear();
    }
  }
}
