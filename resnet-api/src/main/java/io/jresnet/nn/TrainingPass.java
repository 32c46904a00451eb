package io.jresnet.nn;

import io.jresnet.backend.Backend;
import io.jresnet.graph.Graph;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One forward run in {@link Mode#TRAIN}: batch statistics, ReLUs fused only into the batch-norm or add before them
 * (backward gets the ReLU's mask from the fused output), raw HWIO conv weights (they change every
 * step, so a prepared copy would be stale), and a {@link TrainingTape} of exactly what backward will read. Every
 * other intermediate is freed after its last forward reader, as in evaluation.
 */
final class TrainingPass implements ExecutionContext {
  /** The caller-owned output and the tape for backward. */
  record Result(Tensor output, TrainingTape tape) {}

  private final Backend backend;
  private final Parameters parameters;
  private final NonFiniteWatch watch;
  private final TrainingBuffers buffers;
  private final List<Tensor> allocated = new ArrayList<>();
  private List<Tensor> saved;

  /**
   * @param watch checks parameters and outputs node by node, or null
   * @param buffers where every tensor of the pass comes from and goes back to
   */
  TrainingPass(Backend backend, Parameters parameters, NonFiniteWatch watch, TrainingBuffers buffers) {
    this.backend = backend;
    this.parameters = parameters;
    this.watch = watch;
    this.buffers = buffers;
  }

  @Override
  public Backend backend() {
    return backend;
  }

  @Override
  public Mode mode() {
    return Mode.TRAIN;
  }

  @Override
  public Tensor parameter(String fullName) {
    return parameters.get(fullName);
  }

  /** The raw parameter: weights prepared at bind time go stale with the first optimizer step. */
  @Override
  public Tensor prepared(String fullName) {
    return parameters.get(fullName);
  }

  @Override
  public Tensor allocate(Shape shape) {
    Tensor t = buffers.take(shape);
    allocated.add(t);
    return t;
  }

  @Override
  public Tensor allocateSaved(Shape shape) {
    Tensor t = allocate(shape);
    saved.add(t);
    return t;
  }

  /**
   * Runs {@code plan} (unfused) on {@code x}, which stays the caller's: where backward reads the input or the
   * output, the tape keeps its own copy, so the caller may reuse or close both before backward.
   */
  Result run(BackwardPlan plan, Tensor x, String output) {
    Set<String> keep = plan.kept();
    Map<String, Tensor> live = new HashMap<>();
    Map<String, Tensor> kept = new HashMap<>();
    List<TrainingTape.Entry> entries = new ArrayList<>();
    Set<Tensor> survivors = Collections.newSetFromMap(new IdentityHashMap<>());
    live.put(Graph.INPUT, x);
    check(Graph.INPUT, NonFiniteValue.Kind.OUTPUT, Graph.INPUT, x);
    Tensor result = null;
    try {
      if (keep.contains(Graph.INPUT)) {
        kept.put(Graph.INPUT, copyOf(x));
      }
      for (ExecutionPlan.Step step : plan.forward().steps()) {
        Layer layer = step.layer();
        List<Tensor> inputs = new ArrayList<>(step.inputs().size());
        List<Shape> inputShapes = new ArrayList<>(step.inputs().size());
        for (String name : step.inputs()) {
          Tensor in = live.get(name);
          inputs.add(in);
          inputShapes.add(in.shape());
        }
        checkParameters(layer, inputShapes);
        saved = new ArrayList<>();
        Tensor out =
            step.fusedRelu() ? ((ReluFusable) layer).forward(this, inputs, true) : layer.forward(this, inputs);
        entries.add(new TrainingTape.Entry(List.copyOf(inputShapes), List.copyOf(saved)));
        live.put(step.output(), out);
        check(step.output(), NonFiniteValue.Kind.OUTPUT, step.output(), out);
        if (keep.contains(step.output())) {
          // The graph output goes to the caller, who may close it before backward.
          kept.put(step.output(), step.output().equals(output) ? copyOf(out) : out);
        }
        for (String dead : step.freeAfter()) {
          Tensor value = live.remove(dead);
          if (!keep.contains(dead)) {
            buffers.release(value);
          }
        }
      }
      result = output.equals(Graph.INPUT) ? copyOf(x) : live.get(output);
      Shape outputShape = result.shape();
      TrainingTape tape = new TrainingTape(outputShape, List.copyOf(entries), kept, buffers);
      buffers.detach(result);
      survivors.add(result);
      survivors.addAll(kept.values());
      entries.forEach(e -> survivors.addAll(e.saved()));
      return new Result(result, tape);
    } finally {
      // On success this frees only what a layer allocated besides its output; on failure, everything.
      for (Tensor t : allocated) {
        if (!survivors.contains(t)) {
          buffers.release(t);
        }
      }
    }
  }

  private void checkParameters(Layer layer, List<Shape> inputShapes) {
    if (watch == null) {
      return;
    }
    for (ParameterSpec spec : layer.parameters(inputShapes)) {
      check(layer.node().name(), NonFiniteValue.Kind.PARAMETER, spec.name(), parameters.get(spec.name()));
    }
  }

  private void check(String node, NonFiniteValue.Kind kind, String tensor, Tensor t) {
    if (watch != null) {
      watch.check(node, kind, tensor, t);
    }
  }

  private Tensor copyOf(Tensor x) {
    Tensor copy = allocate(x.shape());
    backend.elementwise().copy(x, copy);
    return copy;
  }
}
