package io.jresnet.nn;

import io.jresnet.ShapeException;
import io.jresnet.backend.Backend;
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
 * <p>Binding checks that the parameters fit the graph and prepares every conv weight once in the backend's
 * private layout ({@link Backend#prepareConvWeight}). {@link #forward} runs the nodes in graph order and frees each
 * intermediate right after its last reader, so only the activations still needed are alive. A batch-norm or add
 * whose only reader is a ReLU runs with the ReLU fused into its kernel (same result, one pass less) unless fusion
 * is turned off at bind time.
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
 * {@link #close()}.
 */
public final class Model implements AutoCloseable {
  private final Graph graph;
  private final Backend backend;
  private final Parameters parameters;
  private final List<Layer> layers;
  private final ExecutionPlan plan;
  private final BackwardPlan backwardPlan;
  private final Map<String, Tensor> prepared;
  /** The {@link Parameters#version()} the prepared weights were made from. */
  private long preparedVersion;
  private TrainingTape tape;
  /** The tensors of training steps, reused from step to step. */
  private final TrainingBuffers trainingBuffers;
  private boolean watchNonFinite;
  private NonFiniteValue firstNonFinite;
  /** {@code [H, W, C]} input sizes already shown to fit the graph and its parameters. */
  private final Set<Shape> checkedInputs = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private Model(
      Graph graph,
      Backend backend,
      Parameters parameters,
      List<Layer> layers,
      ExecutionPlan plan,
      Map<String, Tensor> prepared) {
    this.graph = graph;
    this.backend = backend;
    this.parameters = parameters;
    this.layers = layers;
    this.plan = plan;
    this.backwardPlan = BackwardPlan.of(ExecutionPlan.of(graph, layers, true));
    this.prepared = prepared;
    this.trainingBuffers = new TrainingBuffers(backend);
    this.preparedVersion = parameters.version();
    checkedInputs.add(graph.inputShape());
  }

  /** Binds with ReLU fusion on; see {@link #bind(Graph, Backend, Parameters, boolean)}. */
  public static Model bind(Graph graph, Backend backend, Parameters parameters) {
    return bind(graph, backend, parameters, true);
  }

  /**
   * Binds {@code graph} to {@code backend} with {@code parameters}.
   *
   * @param fuseRelu whether a batch-norm or add whose only reader is a ReLU applies it in its own kernel
   * @throws io.jresnet.graph.InvalidNodeException for a node with an unknown op or bad attributes
   * @throws ShapeException when the graph's shapes do not fit, or a parameter's shape does not fit its node (e.g.
   *     a conv weight made for another number of input channels)
   * @throws io.jresnet.WeightsException when the parameters lack some the graph needs or hold others
   * @throws IllegalArgumentException when the parameters live on another backend
   */
  public static Model bind(Graph graph, Backend backend, Parameters parameters, boolean fuseRelu) {
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
    Map<String, Tensor> prepared = prepareConvWeights(backend, parameters, layers);
    ExecutionPlan plan = ExecutionPlan.of(graph, layers, fuseRelu);
    return new Model(graph, backend, parameters, layers, plan, prepared);
  }

  private static Map<String, Tensor> prepareConvWeights(Backend backend, Parameters parameters, List<Layer> layers) {
    Map<String, Tensor> prepared = new LinkedHashMap<>();
    try {
      for (Layer layer : layers) {
        if (layer instanceof Conv2dLayer conv) {
          prepared.put(
              conv.weightName(), backend.prepareConvWeight(parameters.get(conv.weightName()), conv.params()));
        }
      }
    } catch (RuntimeException e) {
      prepared.values().forEach(Tensor::close);
      throw e;
    }
    return prepared;
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
   * @param mode {@link Mode#EVAL}: running statistics, prepared weights, ReLU fusion as bound. {@link Mode#TRAIN}:
   *     batch statistics (the running ones move by each batch-norm's momentum), and what {@link #backward} needs is
   *     kept (copies where it reads {@code x} or the result, so both stay the caller's to reuse or close); a
   *     training forward not yet followed by backward is dropped
   * @return the output node's value (e.g. {@code [N, classes]}), owned by the caller
   */
  public Tensor forward(Tensor x, Mode mode) {
    requireOpen();
    Objects.requireNonNull(mode, "mode");
    requireOwnTensor(x, "input");
    requireFittingInput(x.shape());
    if (mode == Mode.TRAIN) {
      return forwardTraining(x);
    }
    refreshPreparedWeights();
    return new ForwardPass(backend, mode, parameters, prepared).run(plan, x, graph.output());
  }

  private Tensor forwardTraining(Tensor x) {
    dropTape();
    NonFiniteWatch watch = watchNonFinite ? new NonFiniteWatch() : null;
    firstNonFinite = null;
    parameters.markChanged();
    trainingBuffers.beginStep();
    TrainingPass.Result result;
    try {
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
    try {
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

  private synchronized void refreshPreparedWeights() {
    long version = parameters.version();
    if (version == preparedVersion) {
      return;
    }
    Map<String, Tensor> fresh = prepareConvWeights(backend, parameters, layers);
    prepared.values().forEach(Tensor::close);
    prepared.putAll(fresh);
    preparedVersion = version;
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
    Shape hwc = Shape.of(x.dim(1), x.dim(2), x.dim(3));
    if (x.dim(0) < 1) {
      throw new ShapeException(Graph.INPUT, "batch size must be >= 1, got " + x);
    }
    if (!checkedInputs.contains(hwc)) {
      checkParameters(graph, layers, parameters, hwc, false);
      checkedInputs.add(hwc);
    }
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

  /** How many ReLU nodes run fused into the batch-norm or add before them. */
  public int fusedRelus() {
    return plan.fusedRelus();
  }

  /** Frees the prepared weights and what a training forward kept (not the parameters); idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      prepared.values().forEach(Tensor::close);
      dropTape();
      trainingBuffers.close();
    }
  }
}
