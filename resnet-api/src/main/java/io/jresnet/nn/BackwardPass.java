package io.jresnet.nn;

import io.jresnet.backend.Backend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One reverse run over a {@link TrainingTape}: calls each layer's backward in reverse graph order, sums the
 * gradients of values read by several nodes (residual shortcuts) with {@code axpy}, and releases every gradient,
 * saved tensor and kept activation to the {@link TrainingBuffers} as soon as no later backward step reads it.
 */
final class BackwardPass implements BackwardContext {
  private final Backend backend;
  private final Parameters parameters;
  private final NonFiniteWatch watch;
  private final TrainingBuffers buffers;
  private final List<Tensor> allocated = new ArrayList<>();
  private ExecutionPlan.Step step;
  private TrainingTape.Entry entry;
  /** Values whose gradient some parameter depends on: outputs of steps with parameters and everything after. */
  private Set<String> differentiable = Set.of();

  /**
   * @param watch checks every gradient as it is made, or null
   * @param buffers where every tensor of the pass comes from and goes back to (the tape's too)
   */
  BackwardPass(Backend backend, Parameters parameters, NonFiniteWatch watch, TrainingBuffers buffers) {
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
  public Tensor parameter(String fullName) {
    return parameters.get(fullName);
  }

  @Override
  public List<Shape> inputShapes() {
    return entry.inputShapes();
  }

  @Override
  public boolean needsInputGradient(int index) {
    return differentiable.contains(step.inputs().get(index));
  }

  /**
   * The values downstream of a layer with parameters: only their gradients reach a parameter. The graph input is
   * never one, nor are values computed from it by parameter-free layers alone (a zero padding in front of the stem),
   * whose input gradient the stem would otherwise compute for nothing.
   */
  private static Set<String> differentiable(List<ExecutionPlan.Step> steps, TrainingTape tape) {
    Set<String> out = new HashSet<>();
    for (int i = 0; i < steps.size(); i++) {
      ExecutionPlan.Step s = steps.get(i);
      boolean fromParameters = !s.layer().parameters(tape.entries().get(i).inputShapes()).isEmpty();
      if (fromParameters || s.inputs().stream().anyMatch(out::contains)) {
        out.add(s.output());
      }
    }
    return out;
  }

  @Override
  public List<Tensor> saved() {
    return entry.saved();
  }

  @Override
  public Tensor parameterGradient(String fullName) {
    return parameters.gradient(fullName);
  }

  @Override
  public Tensor allocate(Shape shape) {
    Tensor t = buffers.take(shape);
    allocated.add(t);
    return t;
  }

  /**
   * Runs backward from {@code dOutput}, the gradient of value {@code output} (not modified, stays the caller's), and
   * closes {@code tape}, whether or not it succeeds.
   */
  void run(BackwardPlan plan, TrainingTape tape, String output, Tensor dOutput) {
    List<ExecutionPlan.Step> steps = plan.forward().steps();
    Map<String, Tensor> gradients = new HashMap<>();
    try {
      differentiable = differentiable(steps, tape);
      Tensor seed = allocate(dOutput.shape());
      backend.elementwise().copy(dOutput, seed);
      gradients.put(output, seed);
      for (int i = steps.size() - 1; i >= 0; i--) {
        step = steps.get(i);
        entry = tape.entries().get(i);
        Tensor gradOutput = gradients.remove(step.output());
        if (gradOutput == null) {
          zeroParameterGradients();
        } else {
          runStep(tape.kept(), gradOutput, gradients);
        }
        entry.saved().forEach(buffers::release);
        for (String name : plan.releaseAfter(i)) {
          buffers.release(tape.kept().get(name));
        }
      }
    } finally {
      allocated.forEach(buffers::release);
      tape.close();
    }
  }

  private void runStep(Map<String, Tensor> kept, Tensor gradOutput, Map<String, Tensor> gradients) {
    Layer layer = step.layer();
    BackwardNeeds needs = BackwardPlan.needs(step);
    List<Tensor> inputs = new ArrayList<>();
    if (needs.inputs()) {
      step.inputs().forEach(name -> inputs.add(kept.get(name)));
    }
    Tensor output = needs.output() ? kept.get(step.output()) : null;
    List<Tensor> inputGradients =
        step.fusedRelu()
            ? ((ReluFusable) layer).backward(this, inputs, output, gradOutput, true)
            : layer.backward(this, inputs, output, gradOutput);
    String node = layer.node().name();
    if (inputGradients.size() != step.inputs().size()) {
      throw new IllegalStateException("node '" + node + "': backward returned " + inputGradients.size()
          + " gradients for " + step.inputs().size() + " inputs");
    }
    boolean gradOutputPassedOn = false;
    for (int j = 0; j < inputGradients.size(); j++) {
      Tensor dx = inputGradients.get(j);
      String input = step.inputs().get(j);
      if (dx == null || !needsInputGradient(j)) {
        continue;
      }
      if (dx == gradOutput) {
        if (gradOutputPassedOn) {
          throw new IllegalStateException("node '" + node + "': backward returned its output gradient twice");
        }
        gradOutputPassedOn = true;
      }
      if (watch != null) {
        watch.check(node, NonFiniteValue.Kind.INPUT_GRADIENT, input, dx);
      }
      Tensor sum = gradients.get(input);
      if (sum == null) {
        gradients.put(input, dx);
      } else {
        // A value read by several nodes: its gradient is the sum of what each reader sends back.
        backend.elementwise().axpy(1f, dx, sum);
        buffers.release(dx);
      }
    }
    if (!gradOutputPassedOn) {
      buffers.release(gradOutput);
    }
    if (watch != null) {
      for (ParameterSpec spec : layer.parameters(entry.inputShapes())) {
        if (spec.trainable()) {
          watch.check(node, NonFiniteValue.Kind.PARAMETER_GRADIENT, spec.name(), parameters.gradient(spec.name()));
        }
      }
    }
  }

  /** A node the output does not depend on gets zero gradients, so no stale values survive from an earlier step. */
  private void zeroParameterGradients() {
    for (ParameterSpec spec : step.layer().parameters(entry.inputShapes())) {
      if (spec.trainable()) {
        backend.elementwise().fill(parameters.gradient(spec.name()), 0f);
      }
    }
  }
}
