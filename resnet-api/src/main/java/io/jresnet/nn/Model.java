package io.jresnet.nn;

import io.jresnet.ShapeException;
import io.jresnet.backend.Backend;
import io.jresnet.backend.KernelBurst;
import io.jresnet.graph.Graph;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Graph} bound to a {@link Backend} with its {@link Parameters}: the executable model.
 *
 * <p>Evaluation runs an inference plan made once at bind time (unless fusion is turned off then): each batch-norm
 * that is the only reader of a conv is folded into that conv's weight and bias; an add reading such a conv's value
 * is done in the conv's epilogue with its other input as the residual; and a ReLU that is the only reader of a
 * conv, batch-norm or add is applied in that kernel. For ResNets every batch-norm, add and ReLU of the blocks thus
 * runs inside a conv. Values read by several nodes, or that are the graph output, are never fused away. The conv
 * weights (folded where a batch-norm was folded) are prepared once in the backend's private layout ({@link
 * Backend#prepareConvWeight}). Folding changes results only by float rounding (about 1e-6 relative); bind unfused
 * to run node by node.
 *
 * <p>Activation memory: intermediates live in backend tensors kept by the model and reused by shape across layers
 * and calls (each goes back for reuse right after its last reader), so after the first evaluation forward for an
 * input shape, another forward for that shape allocates no tensor besides its result ({@link #forward(Tensor,
 * Mode)}), or none at all ({@link #forward(Tensor, Tensor)}). The buffers are kept for the last input shape only
 * and freed by {@link #close()}. Threads: evaluation forwards on one model run one at a time (a second caller waits
 * for the first); bind one model per thread (they may share the parameters) to run them side by side.
 *
 * <p>Training: {@link #forward} in {@link Mode#TRAIN} fuses only ReLUs (into the batch-norm or add before them,
 * whatever fusion was chosen at bind time), with batch statistics (updating the running ones) and the raw HWIO conv
 * weights, and keeps exactly what the layers' backward reads ({@link
 * Layer#backwardNeeds()}); {@link #backward} then fills {@link Parameters#gradient} for every trainable parameter
 * and frees all it kept. A graph ending in softmax trains on its logits: bind {@link Graph#withoutFinalSoftmax()}.
 * Prepared conv weights are for evaluation only: a training forward (presumably followed by an optimizer step),
 * {@link #parametersChanged()} or {@link Parameters#markChanged()} marks them stale in every model bound to these
 * parameters, and each prepares them again at its next evaluation forward. Training is single-threaded and must
 * not run beside evaluation on models sharing parameters.
 *
 * <p>The model does not own the parameters (close them yourself); it owns the prepared weights, what a training
 * forward kept and the activation and gradient tensors it reuses from one training step to the next, all freed by
 * {@link #close()}. A model that only serves can hold one copy of its weights instead of two: {@link
 * #bindForInference} frees the parameters its prepared weights were made from.
 */
public final class Model implements AutoCloseable {
  private final Graph graph;
  private final Backend backend;
  private final Parameters parameters;
  private final List<Layer> layers;
  private final InferencePlan plan;
  private final BackwardPlan backwardPlan;
  /** Guards the prepared weights and the arena: one evaluation forward at a time. */
  private final Object evalLock = new Object();
  private PreparedWeights prepared;
  /** The {@link Parameters#version()} the prepared weights were made from. */
  private long preparedVersion;
  private final ActivationArena arena;
  /** Runs {@link #plan} under {@link #evalLock}. */
  private final ForwardPass forwardPass;
  private TrainingTape tape;
  /** The tensors of training steps, reused from step to step. */
  private final TrainingBuffers trainingBuffers;
  private boolean watchNonFinite;
  private NonFiniteValue firstNonFinite;
  /** {@code [H, W, C]} input sizes already shown to fit the graph and its parameters. */
  private final Set<Shape> checkedInputs = ConcurrentHashMap.newKeySet();
  /** The last of {@link #checkedInputs} an input fitted: checked again without allocating a key. */
  private volatile Shape lastFittingInput;
  /** Bound by {@link #bindForInference}: the parameters its prepared weights came from are freed. */
  private final boolean inferenceOnly;
  private volatile boolean closed;

  private Model(
      Graph graph,
      Backend backend,
      Parameters parameters,
      List<Layer> layers,
      InferencePlan plan,
      PreparedWeights prepared,
      boolean inferenceOnly) {
    this.graph = graph;
    this.backend = backend;
    this.parameters = parameters;
    this.layers = layers;
    this.plan = plan;
    this.backwardPlan = BackwardPlan.of(ExecutionPlan.of(graph, layers, true));
    this.prepared = prepared;
    this.trainingBuffers = new TrainingBuffers(backend);
    this.preparedVersion = parameters.version();
    this.arena = new ActivationArena(backend);
    this.forwardPass = new ForwardPass(backend, parameters, arena, plan);
    this.inferenceOnly = inferenceOnly;
    checkedInputs.add(graph.inputShape());
  }

  /** Binds with fusion on; see {@link #bind(Graph, Backend, Parameters, boolean)}. */
  public static Model bind(Graph graph, Backend backend, Parameters parameters) {
    return bind(graph, backend, parameters, true);
  }

  /**
   * Binds {@code graph} to {@code backend} with {@code parameters}.
   *
   * @param fuse whether evaluation runs the fused plan (batch-norms folded into convs; adds and ReLUs in the
   *     kernel before them), or every node as its own kernel call; training never fuses
   * @throws io.jresnet.graph.InvalidNodeException for a node with an unknown op or bad attributes
   * @throws ShapeException when the graph's shapes do not fit, or a parameter's shape does not fit its node (e.g.
   *     a conv weight made for another number of input channels)
   * @throws io.jresnet.WeightsException when the parameters lack some the graph needs or hold others
   * @throws IllegalArgumentException when the parameters live on another backend
   */
  public static Model bind(Graph graph, Backend backend, Parameters parameters, boolean fuse) {
    return bind(graph, backend, parameters, fuse, false);
  }

  /**
   * Binds {@code graph} for evaluation only, the way a served model runs: like {@link #bind(Graph, Backend,
   * Parameters)}, then it frees every parameter its prepared weights were made from (all conv weights; the biases
   * and batch-norm vectors folded into them), so the model holds one copy of its weights instead of two (ResNet-50:
   * ~100 MB less). The other parameters (the dense layer's, say) stay and are still read.
   *
   * <p>The parameters stay the caller's to close, but the freed ones are gone for good: reading them, exporting or
   * saving the parameters, or binding another model to them throws {@link IllegalStateException}, as do a
   * {@link Mode#TRAIN} forward, {@link #backward} and an evaluation forward after {@link Parameters#markChanged()}
   * (the weights could not be prepared again). Load the weights again for any of those.
   *
   * @throws IllegalArgumentException like {@link #bind(Graph, Backend, Parameters)}
   */
  public static Model bindForInference(Graph graph, Backend backend, Parameters parameters) {
    return bind(graph, backend, parameters, true, true);
  }

  private static Model bind(
      Graph graph, Backend backend, Parameters parameters, boolean fuse, boolean inferenceOnly) {
    Objects.requireNonNull(graph, "graph");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(parameters, "parameters");
    if (parameters.backend() != backend) {
      throw new IllegalArgumentException(
          "the parameters belong to another backend instance than the model (parameters: "
              + parameters.backend().name() + ", model: " + backend.name() + "); load them with the model's backend");
    }
    List<Layer> layers = Layers.createAll(graph);
    checkParameters(graph, layers, parameters, graph.inputShape(), true);
    InferencePlan plan = InferencePlan.of(graph, layers, fuse);
    PreparedWeights prepared = PreparedWeights.prepare(backend, parameters, plan);
    if (inferenceOnly) {
      parameters.release(prepared.consumedParameters());
      collectReleasedWeights();
    }
    return new Model(graph, backend, parameters, layers, plan, prepared, inferenceOnly);
  }

  /**
   * The weights just released, and the temporaries of folding and packing them, are garbage now — for ResNet-50 some
   * 170 MB, most of it large arrays that live in the old generation. One full collection at load time hands that back
   * before the first forward, so that a collector which sizes its heap by what it holds (the serial or parallel one)
   * does not grow the heap around it: ResNet-50 at batch 8 under {@code -XX:+UseSerialGC} peaked at 531–543 MB of
   * resident memory with this and 653–659 MB without (G1's peak comes from the first forwards, not from here).
   * {@code -XX:+DisableExplicitGC} turns it off.
   */
  private static void collectReleasedWeights() {
    System.gc();
  }

  /**
   * Checks that the parameters are exactly those the graph needs for an {@code [H, W, C]} input. When names differ,
   * one {@link io.jresnet.WeightsException} lists every missing, unexpected and mis-shaped tensor; when only shapes
   * differ, a {@link ShapeException} names the first node whose parameter does not fit, in that node's terms.
   */
  private static void checkParameters(
      Graph graph, List<Layer> layers, Parameters parameters, Shape inputHwc, boolean checkNames) {
    Map<String, Shape> shapes = ShapeInference.infer(graph, layers, inputHwc.prependBatch(1));
    if (checkNames) {
      List<ParameterSpec> needed = Parameters.specs(layers, shapes);
      Set<String> neededNames = new HashSet<>();
      needed.forEach(spec -> neededNames.add(spec.name()));
      Map<String, Shape> held = new LinkedHashMap<>();
      parameters.specs().forEach(spec -> held.put(spec.name(), spec.shape()));
      if (!neededNames.equals(held.keySet())) {
        Parameters.checkShapes(needed, held, null);
      }
    }
    for (Layer layer : layers) {
      List<Shape> inputs = ShapeInference.inputShapes(layer.node(), shapes);
      for (ParameterSpec spec : layer.parameters(inputs)) {
        Shape actual = parameters.spec(spec.name()).shape();
        if (!actual.equals(spec.shape())) {
          throw ((BaseLayer) layer).parameterMismatch(spec, actual, inputs);
        }
      }
    }
  }

  /**
   * Runs the model on {@code x}.
   *
   * @param x {@code [N, H, W, C]} on this model's backend, any batch N; C must be the graph's. H and W may differ
   *     from the graph's input size when every node's shape rule and every parameter still fit (e.g. graphs that
   *     end in global pooling); the first node that does not fit is named in a {@link ShapeException}
   * @param mode {@link Mode#EVAL}: running statistics, the inference plan as bound, activation buffers reused
   *     (see the class comment; one evaluation forward at a time per model). {@link Mode#TRAIN}:
   *     batch statistics (the running ones move by each batch-norm's momentum), and what {@link #backward} needs is
   *     kept (copies where it reads {@code x} or the result, so both stay the caller's to reuse or close); a
   *     training forward not yet followed by backward is dropped
   * @return the output node's value (e.g. {@code [N, classes]}), a fresh tensor owned by the caller
   */
  public Tensor forward(Tensor x, Mode mode) {
    requireOpen();
    Objects.requireNonNull(mode, "mode");
    requireOwnTensor(x, "input");
    requireFittingInput(x.shape());
    if (mode == Mode.TRAIN) {
      return forwardTraining(x);
    }
    return forwardEval(x, null);
  }

  /**
   * An evaluation forward ({@link Mode#EVAL}) that writes the output into {@code out} instead of a fresh tensor:
   * after the first call for an input shape it allocates nothing.
   *
   * @param x {@code [N, H, W, C]}, as for {@link #forward(Tensor, Mode)}; read only
   * @param out of the output's shape for {@code x} ({@link #outputShape}), fully overwritten; stays the caller's
   * @throws IllegalArgumentException when {@code out} has another shape, is {@code x}, or is of another backend
   */
  public void forward(Tensor x, Tensor out) {
    requireOpen();
    requireOwnTensor(x, "input");
    requireOwnTensor(out, "output");
    if (out == x) {
      throw new IllegalArgumentException("the output tensor must not be the input tensor");
    }
    requireFittingInput(x.shape());
    forwardEval(x, out);
  }

  private Tensor forwardEval(Tensor x, Tensor out) {
    synchronized (evalLock) {
      requireOpen();
      refreshPreparedWeights();
      arena.reshapeFor(x.shape());
      try (KernelBurst burst = backend.burst()) {
        return forwardPass.run(prepared, x, graph.output(), out);
      }
    }
  }

  private Tensor forwardTraining(Tensor x) {
    requireTrainable("a training forward");
    dropTape();
    NonFiniteWatch watch = watchNonFinite ? new NonFiniteWatch() : null;
    firstNonFinite = null;
    parameters.markChanged();
    trainingBuffers.beginStep();
    TrainingPass.Result result;
    try (KernelBurst burst = backend.burst()) {
      result =
          new TrainingPass(backend, parameters, watch, trainingBuffers).run(backwardPlan, x, graph.output());
    } finally {
      firstNonFinite = watch == null ? null : watch.first();
    }
    tape = result.tape();
    return result.output();
  }

  /**
   * Backward through the last {@link Mode#TRAIN} forward: writes the gradient of every trainable parameter into
   * {@link Parameters#gradient} (overwriting the previous step's), summing the gradients of values read by several
   * nodes, and frees everything that forward kept, also when it fails. The graph input gets no gradient.
   *
   * @param dOutput the loss gradient with respect to the model output, of the output's shape (e.g. the {@code
   *     dLogits} of {@link io.jresnet.backend.LossKernels#softmaxCrossEntropy}); read only, stays the caller's
   * @throws IllegalStateException without a training forward since the last backward
   * @throws UnsupportedOperationException for a node without backward (softmax; see {@link
   *     Graph#withoutFinalSoftmax()})
   */
  public void backward(Tensor dOutput) {
    requireOpen();
    requireTrainable("backward");
    requireOwnTensor(dOutput, "output gradient");
    if (tape == null) {
      throw new IllegalStateException(
          "backward needs a forward(x, Mode.TRAIN) first (each training forward allows one backward)");
    }
    if (!dOutput.shape().equals(tape.outputShape())) {
      throw new ShapeException(
          graph.output(),
          "the output gradient must have the output's shape " + tape.outputShape() + ", got " + dOutput.shape());
    }
    TrainingTape taken = tape;
    tape = null;
    NonFiniteWatch watch = watchNonFinite && firstNonFinite == null ? new NonFiniteWatch() : null;
    try (KernelBurst burst = backend.burst()) {
      new BackwardPass(backend, parameters, watch, trainingBuffers)
          .run(backwardPlan, taken, graph.output(), dOutput);
    } finally {
      if (watch != null) {
        firstNonFinite = watch.first();
      }
    }
  }

  /**
   * Turns checking for NaN and infinity on or off for training steps. When on, a {@link Mode#TRAIN} forward checks
   * the input, then node by node (in graph order) its parameters and its output, and backward checks every input
   * and parameter gradient as it is made (in reverse graph order), keeping the first value that is not all finite
   * ({@link #firstNonFinite()}): where a NaN first appeared. Each check is one pass over the value; a trainer may
   * keep it off and rerun a step with it on once its loss is not finite.
   */
  public void watchNonFinite(boolean on) {
    watchNonFinite = on;
  }

  /**
   * The first non-finite value of the last watched training step (its forward, and its backward once run), or
   * empty when all were finite or nothing was watched.
   */
  public Optional<NonFiniteValue> firstNonFinite() {
    return Optional.ofNullable(firstNonFinite);
  }

  /**
   * Says that parameter values changed outside training (e.g. a checkpoint was copied into them): the same as
   * {@link Parameters#markChanged()}, so the conv weights prepared for evaluation are made again before the next
   * evaluation forward. A training forward implies it.
   */
  public void parametersChanged() {
    parameters.markChanged();
  }

  /** Under {@link #evalLock}. */
  private void refreshPreparedWeights() {
    long version = parameters.version();
    if (version == preparedVersion) {
      return;
    }
    if (inferenceOnly) {
      throw new IllegalStateException(
          "the parameters changed (Parameters.markChanged), but this model was bound for inference only and freed"
              + " the weights it prepared from: bind a new model to freshly loaded weights");
    }
    PreparedWeights fresh = PreparedWeights.prepare(backend, parameters, plan);
    prepared.close();
    prepared = fresh;
    preparedVersion = version;
  }

  private void requireTrainable(String what) {
    if (inferenceOnly) {
      throw new IllegalStateException(
          what + " needs the parameters this model freed when it was bound for inference only"
              + " (Model.bindForInference): bind with Model.bind to train");
    }
  }

  private void dropTape() {
    if (tape != null) {
      tape.close();
      tape = null;
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("model " + graph.name() + " is closed");
    }
  }

  private void requireOwnTensor(Tensor x, String what) {
    if (x.backend() != backend) {
      throw new IllegalArgumentException(
          "the " + what + " tensor belongs to another backend instance than the model (" + what + ": "
              + x.backend().name() + ", model: " + backend.name() + "); create it with the model's backend");
    }
  }

  private void requireFittingInput(Shape x) {
    Shape expected = graph.inputShape();
    if (x.rank() != 4 || x.dim(3) != expected.dim(2)) {
      throw new ShapeException(
          Graph.INPUT,
          "expected an NHWC input [N, " + expected.dim(0) + ", " + expected.dim(1) + ", " + expected.dim(2)
              + "] (any N), got " + x);
    }
    if (x.dim(0) < 1) {
      throw new ShapeException(Graph.INPUT, "batch size must be >= 1, got " + x);
    }
    Shape last = lastFittingInput;
    if (last != null && last.dim(0) == x.dim(1) && last.dim(1) == x.dim(2) && last.dim(2) == x.dim(3)) {
      return;
    }
    Shape hwc = Shape.of(x.dim(1), x.dim(2), x.dim(3));
    if (!checkedInputs.contains(hwc)) {
      checkParameters(graph, layers, parameters, hwc, false);
      checkedInputs.add(hwc);
    }
    lastFittingInput = hwc;
  }

  /** The output shape for an NHWC input shape, without running anything. */
  public Shape outputShape(Shape input) {
    return ShapeInference.infer(graph, layers, input).get(graph.output());
  }

  public Graph graph() {
    return graph;
  }

  public Backend backend() {
    return backend;
  }

  public Parameters parameters() {
    return parameters;
  }

  /** One layer per node, in graph order. */
  public List<Layer> layers() {
    return layers;
  }

  /** How many ReLU nodes the inference plan applies in the kernel before them (conv, batch-norm or add). */
  public int fusedRelus() {
    return plan.fusedRelus();
  }

  /** How many batch-norm nodes the inference plan folds into the conv before them. */
  public int foldedBatchNorms() {
    return plan.foldedBatchNorms();
  }

  /** How many add nodes the inference plan does in a conv's epilogue. */
  public int fusedAdds() {
    return plan.fusedAdds();
  }

  /**
   * The inference plan, one kernel call a line in the order they run: the nodes it computes joined by {@code +},
   * then the values it reads, e.g. {@code layer1.0.conv3+layer1.0.bn3+layer1.0.add+layer1.0.relu <-
   * layer1.0.relu2, maxpool} (the last name is the value it makes).
   */
  public String inferencePlan() {
    return plan.toString();
  }

  /** Floats held in reused activation buffers, for the last evaluation input shape. */
  long activationBufferFloats() {
    synchronized (evalLock) {
      return arena.heldFloats();
    }
  }

  /** Activation buffers allocated so far: stays put once every input shape in use has been seen. */
  long activationBufferAllocations() {
    synchronized (evalLock) {
      return arena.allocations();
    }
  }

  /**
   * Frees the prepared weights, the activation buffers, the training buffers and what a training forward kept (not
   * the parameters); waits for a running evaluation forward; idempotent.
   */
  @Override
  public void close() {
    synchronized (evalLock) {
      if (!closed) {
        closed = true;
        prepared.close();
        arena.close();
        dropTape();
        trainingBuffers.close();
      }
    }
  }
}
