package io.jresnet.nn;

import io.jresnet.backend.Backend;
import io.jresnet.graph.Graph;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of an {@link ExecutionPlan}: the context layers allocate through, the live values by name, and the
 * bookkeeping that frees each intermediate after its last reader and everything but the result on failure.
 */
final class ForwardPass implements ExecutionContext {
  private final Backend backend;
  private final Mode mode;
  private final Parameters parameters;
  private final Map<String, Tensor> prepared;
  private final List<Tensor> allocated = new ArrayList<>();

  ForwardPass(Backend backend, Mode mode, Parameters parameters, Map<String, Tensor> prepared) {
    this.backend = backend;
    this.mode = mode;
    this.parameters = parameters;
    this.prepared = prepared;
  }

  @Override
  public Backend backend() {
    return backend;
  }

  @Override
  public Mode mode() {
    return mode;
  }

  @Override
  public Tensor parameter(String fullName) {
    return parameters.get(fullName);
  }

  @Override
  public Tensor prepared(String fullName) {
    Tensor t = prepared.get(fullName);
    return t != null ? t : parameters.get(fullName);
  }

  @Override
  public Tensor allocate(Shape shape) {
    Tensor t = backend.allocate(shape);
    allocated.add(t);
    return t;
  }

  /** Runs the plan on {@code x} (not freed: the caller owns it) and returns {@code output}'s value, caller-owned. */
  Tensor run(ExecutionPlan plan, Tensor x, String output) {
    Map<String, Tensor> live = new HashMap<>();
    live.put(Graph.INPUT, x);
    Tensor result = null;
    try {
      for (ExecutionPlan.Step step : plan.steps()) {
        List<Tensor> inputs = new ArrayList<>(step.inputs().size());
        for (String name : step.inputs()) {
          inputs.add(live.get(name));
        }
        Tensor out =
            step.fusedRelu()
                ? ((ReluFusable) step.layer()).forward(this, inputs, true)
                : step.layer().forward(this, inputs);
        live.put(step.output(), out);
        for (String dead : step.freeAfter()) {
          live.remove(dead).close();
        }
      }
      result = output.equals(Graph.INPUT) ? copyOf(x) : live.get(output);
      return result;
    } finally {
      // On success this frees only what a layer allocated besides its output; on failure, every intermediate.
      for (Tensor t : allocated) {
        if (t != result) {
          t.close();
        }
      }
    }
  }

  private Tensor copyOf(Tensor x) {
    Tensor copy = allocate(x.shape());
    backend.elementwise().copy(x, copy);
    return copy;
  }
}
