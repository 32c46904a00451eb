package io.jresnet.nn;

import io.jresnet.backend.Backend;
import io.jresnet.graph.Graph;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The evaluation runs of an {@link InferencePlan}: the context layers allocate through, the live values by slot, and
 * the bookkeeping that gives each intermediate's buffer back to the {@link ActivationArena} after its last reader.
 * The graph output is the one value not from the arena: it is written into a tensor the caller owns.
 *
 * <p>A model keeps one and runs it under its evaluation lock, one forward at a time: its lists and arrays are made
 * once, so that a forward into the caller's output tensor allocates nothing after the first at an input size.
 */
final class ForwardPass implements ExecutionContext {
  private final Backend backend;
  private final Parameters parameters;
  /** The model's prepared weights for the running pass (made again when the parameters change). */
  private PreparedWeights prepared;
  private final ActivationArena arena;
  private final InferencePlan plan;
  /** The value in each slot ({@link InferenceStep#inputSlots}) during a run; cleared after it. */
  private final Tensor[] live;
  /** Each step's inputs, taken from {@link #live} before it runs, behind the list the step's kernel reads. */
  private final Tensor[][] stepInputs;
  private final List<List<Tensor>> stepInputLists;
  /** What the current step allocated, its output first; given back at the step's end unless kept. */
  private final List<Tensor> stepAllocations = new ArrayList<>();
  /** Where the graph output goes: the caller's tensor, or null to allocate a fresh one. */
  private Tensor resultTarget;
  private boolean stepMakesResult;
  private Tensor result;
  /** The residual the current step may write its output over (see {@link #inPlaceResidual}), until it is taken. */
  private Tensor inPlace;
  /** Whether the current step's output took {@link #inPlace}'s buffer. */
  private boolean inPlaceTaken;

  ForwardPass(
      Backend backend, Parameters parameters, ActivationArena arena, InferencePlan plan) {
    this.backend = backend;
    this.parameters = parameters;
    this.arena = arena;
    this.plan = plan;
    this.live = new Tensor[plan.valueSlots()];
    List<InferenceStep> steps = plan.steps();
    this.stepInputs = new Tensor[steps.size()][];
    List<List<Tensor>> lists = new ArrayList<>(steps.size());
    for (int i = 0; i < steps.size(); i++) {
      stepInputs[i] = new Tensor[steps.get(i).inputs().size()];
      lists.add(Arrays.asList(stepInputs[i]));
    }
    this.stepInputLists = List.copyOf(lists);
  }

  @Override
  public Backend backend() {
    return backend;
  }

  @Override
  public Mode mode() {
    return Mode.EVAL;
  }

  @Override
  public Tensor parameter(String fullName) {
    return parameters.get(fullName);
  }

  /** Convs take their weights from {@link #convWeights}; other parameters are used as they are. */
  @Override
  public Tensor prepared(String fullName) {
    return parameters.get(fullName);
  }

  PreparedWeights.ConvWeights convWeights(String convName) {
    return prepared.of(convName);
  }

  /**
   * The buffer for the value the current step makes: the result tensor for the graph output's step (its first
   * allocation), else an arena buffer with stale contents (every kernel overwrites its output).
   */
  @Override
  public Tensor allocate(Shape shape) {
    Tensor t;
    if (inPlace != null && inPlace.shape().equals(shape)) {
      t = inPlace;
      inPlace = null;
      inPlaceTaken = true;
    } else if (stepMakesResult && result == null) {
      t = resultTarget != null ? requireResultShape(shape) : backend.allocate(shape);
      result = t;
    } else {
      t = arena.take(shape);
    }
    stepAllocations.add(t);
    return t;
  }

  /**
   * The residual of a fused conv with a shortcut that nothing reads after this step, when the backend's conv may write
   * its output over the residual ({@link io.jresnet.backend.ConvKernels#residualInPlace}): the block's output then
   * takes the shortcut's buffer instead of another one, which spares the memory traffic of a fresh output (at batch 8,
   * 25.7 MB per bottleneck of ResNet-50's first stage). Never the pass's input (the caller's) or the graph output.
   */
  private Tensor inPlaceResidual(InferenceStep step, List<Tensor> inputs) {
    if (stepMakesResult || !(step.kernel() instanceof FusedConv conv) || !conv.residual()
        || !backend.conv().residualInPlace()) {
      return null;
    }
    String shortcut = step.inputs().get(1);
    Tensor residual = inputs.get(1);
    boolean lastRead = step.freeAfter().contains(shortcut) && !shortcut.equals(step.inputs().getFirst());
    return lastRead && !shortcut.equals(Graph.INPUT) && residual != inputs.getFirst() ? residual : null;
  }

  private Tensor requireResultShape(Shape shape) {
    if (!resultTarget.shape().equals(shape)) {
      throw new IllegalArgumentException(
          "the output tensor has shape " + resultTarget.shape() + ", but the model's output is " + shape);
    }
    return resultTarget;
  }

  /**
   * Runs the plan on {@code x} (read only: the caller owns it) with the convs' weights from {@code prepared}, and
   * returns the value of {@code output}: the caller's {@code resultTarget} when not null, else a fresh tensor the
   * caller owns. Every arena buffer is given back, also when a kernel fails; a fresh result is then freed.
   */
  Tensor run(PreparedWeights prepared, Tensor x, String output, Tensor resultTarget) {
    this.prepared = prepared;
    this.resultTarget = resultTarget;
    this.result = null;
    if (output.equals(Graph.INPUT)) {
      try {
        return copyOfInput(x);
      } finally {
        this.resultTarget = null;
      }
    }
    arena.giveAll();
    live[0] = x;
    boolean done = false;
    try {
      List<InferenceStep> steps = plan.steps();
      for (int s = 0; s < steps.size(); s++) {
        InferenceStep step = steps.get(s);
        Tensor[] args = stepInputs[s];
        int[] inputSlots = step.inputSlots();
        for (int i = 0; i < args.length; i++) {
          args[i] = live[inputSlots[i]];
        }
        List<Tensor> inputs = stepInputLists.get(s);
        stepMakesResult = step.output().equals(output);
        stepAllocations.clear();
        inPlace = inPlaceResidual(step, inputs);
        inPlaceTaken = false;
        Tensor out = step.kernel().run(this, inputs);
        inPlace = null;
        // The shortcut's buffer now holds this step's output: it is not given back with the shortcut.
        int overwritten = inPlaceTaken ? inputSlots[1] : -1;
        if (stepAllocations.isEmpty() || stepAllocations.getFirst() != out) {
          throw new IllegalStateException(
              "step " + step.kernel().describe() + " must return the first tensor it allocated");
        }
        // Scratch a layer allocated besides its output goes straight back.
        for (int i = 1; i < stepAllocations.size(); i++) {
          arena.give(stepAllocations.get(i));
        }
        live[s + 1] = out;
        for (int dead : step.freeSlots()) {
          Tensor value = live[dead];
          live[dead] = null;
          if (dead != overwritten) {
            arena.give(value);
          }
        }
        Arrays.fill(args, null);
      }
      done = true;
      return result;
    } finally {
      Arrays.fill(live, null);
      stepAllocations.clear();
      if (!done) {
        for (Tensor[] args : stepInputs) {
          Arrays.fill(args, null);
        }
        arena.giveAll();
        if (result != null && result != resultTarget) {
          result.close();
        }
      }
      this.resultTarget = null;
      this.result = null;
      this.prepared = null;
    }
  }

  private Tensor copyOfInput(Tensor x) {
    Tensor copy = resultTarget != null ? requireResultShape(x.shape()) : backend.allocate(x.shape());
    try {
      backend.elementwise().copy(x, copy);
    } catch (RuntimeException e) {
      if (copy != resultTarget) {
        copy.close();
      }
      throw e;
    }
    return copy;
  }
}
