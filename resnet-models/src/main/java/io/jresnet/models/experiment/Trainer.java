package io.jresnet.models.experiment;

import io.jresnet.backend.Backend;
import io.jresnet.graph.Graph;
import io.jresnet.models.ResNetBuilder;
import io.jresnet.models.data.Batch;
import io.jresnet.models.data.BatchStream;
import io.jresnet.models.data.DataLoader;
import io.jresnet.models.data.Dataset;
import io.jresnet.nn.Initializer;
import io.jresnet.nn.Mode;
import io.jresnet.nn.Model;
import io.jresnet.nn.NonFiniteValue;
import io.jresnet.nn.ParameterSpec;
import io.jresnet.nn.Parameters;
import io.jresnet.tensor.Tensor;
import io.jresnet.tensor.TensorScope;
import io.jresnet.train.ClassificationMetrics;
import io.jresnet.train.Loss;
import io.jresnet.train.LrSchedule;
import io.jresnet.train.Optimizer;
import io.jresnet.train.OptimizerState;
import io.jresnet.train.RunningMean;
import io.jresnet.train.SoftmaxCrossEntropy;
import io.jresnet.train.TopKAccuracy;
import io.jresnet.train.TrainableParameter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Trains the model of an {@link Experiment} on one backend: per epoch, steps over the shuffled, augmented training
 * data (forward in training mode, fused softmax-cross-entropy on the logits, backward, an optimizer step at the
 * scheduled rate), then an evaluation on the test data, a checkpoint ({@link CheckpointStore}), {@code metrics.csv}
 * and the learning curve ({@code curve.png}) in the output folder.
 *
 * <p>Resume is exact: a run continued from the checkpoint after epoch {@code k} restores weights, batch-norm
 * statistics, optimizer buffers and step count, and the data order and augmentation of each epoch depend only on the
 * seed and the epoch, so epochs {@code k+1...} repeat those of an uninterrupted run bit for bit (on a deterministic
 * backend). A run killed mid-epoch restarts that epoch from its beginning.
 *
 * <p>A loss that is not finite stops the run with a {@link NonFiniteLossException}: the step is run once more with
 * the model's non-finite watch on, to name the node where the first NaN or infinity appeared.
 */
public final class Trainer {
  /** The learning-curve file in the output folder. */
  public static final String CURVE = "curve.png";
  /** The metrics file in the output folder. */
  public static final String METRICS = "metrics.csv";

  private final Experiment experiment;
  private final Backend backend;
  private final TrainingListener listener;

  public Trainer(Experiment experiment, Backend backend, TrainingListener listener) {
    this.experiment = Objects.requireNonNull(experiment, "experiment");
    this.backend = Objects.requireNonNull(backend, "backend");
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /** The graph an experiment trains (its full graph; training binds it without a final softmax). */
  public static Graph graph(Experiment experiment) {
    return ResNetBuilder.build(experiment.model());
  }

  /**
   * Trains from fresh weights, or continues from {@code resume} (a checkpoint of this experiment).
   *
   * @throws NonFiniteLossException when the loss stops being finite
   * @throws io.jresnet.ConfigException when the data do not fit the model, or the checkpoint is of another graph
   * @throws io.jresnet.models.data.DataException naming a data file that cannot be read
   */
  public TrainingResult run(Optional<Checkpoint> resume) {
    Graph graph = graph(experiment);
    resume.ifPresent(c -> c.requireGraph(graph, experiment.file()));
    Dataset trainSet = ExperimentData.open(experiment, true);
    Dataset testSet = ExperimentData.open(experiment, false);
    DataLoader trainLoader = ExperimentData.trainLoader(experiment, trainSet);
    DataLoader testLoader = ExperimentData.testLoader(experiment, testSet);
    int batches = trainLoader.batchesPerEpoch();
    LrSchedule schedule =
        Schedules.create(experiment.schedule(), experiment.optimizer().lr(), experiment.epochs(), batches);
    TrainingState state =
        resume.map(Checkpoint::state).orElse(TrainingState.start(experiment.seed(), schedule.lr(0)));
    Path output = experiment.output();
    CheckpointStore store = new CheckpointStore(output, experiment.keepCheckpoints());
    try {
      Files.createDirectories(output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the output folder " + output + ": " + e.getMessage(), e);
    }
    try (Parameters parameters = parameters(graph, resume);
        Model model = Model.bind(graph.withoutFinalSoftmax(), backend, parameters);
        Optimizer optimizer = Optimizers.create(experiment.optimizer())) {
      List<TrainableParameter> trainable = trainable(parameters);
      resume.ifPresent(c -> optimizer.load(trainable, new OptimizerState(c.state().step(), c.optimizerState())));
      Loss loss = new SoftmaxCrossEntropy((float) experiment.labelSmoothing());
      int classes = experiment.model().head().classes();
      listener.runStarted(experiment, state.epoch() + 1, trainSet.size(), testSet.size());
      ClassificationMetrics evaluation = null;
      while (state.epoch() < experiment.epochs()) {
        int epoch = state.epoch() + 1;
        long start = System.nanoTime();
        listener.epochStarted(epoch, experiment.epochs(), batches);
        EpochRun run = new EpochRun(model, optimizer, trainable, loss, schedule, state, store, batches);
        run.train(trainLoader);
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        listener.evaluationStarted(epoch, testSet.size());
        evaluation = Evaluation.run(model, testLoader, loss, classes);
        EpochMetrics metrics =
            new EpochMetrics(
                epoch, run.lastLr, run.loss.mean(), run.accuracy.value(), evaluation.loss(), evaluation.top1(),
                evaluation.top5(), trainSet.size() / trainSeconds, (System.nanoTime() - start) / 1e9);
        boolean best = state.bestEpoch() == 0 || metrics.valAccuracy() > state.bestAccuracy();
        List<EpochMetrics> history = new ArrayList<>(state.history());
        history.add(metrics);
        state =
            new TrainingState(
                epoch, run.step, experiment.seed(), run.lastLr, best ? epoch : state.bestEpoch(),
                best ? metrics.valAccuracy() : state.bestAccuracy(), history);
        Path saved =
            store.save(new Checkpoint(graph, parameters.toHost(), optimizer.state().tensors(), state), best);
        writeReports(state.history());
        listener.epochFinished(metrics, saved, best);
      }
      if (evaluation == null) {
        // Resumed from the last epoch: nothing left to train, but the caller still gets the final evaluation.
        evaluation = Evaluation.run(model, testLoader, loss, classes);
      }
      return new TrainingResult(
          state.history(), evaluation.confusion(), testSet.classNames(), store.latest().orElseThrow(),
          store.best().orElseThrow(), output.resolve(METRICS), output.resolve(CURVE));
    }
  }

  private Parameters parameters(Graph graph, Optional<Checkpoint> resume) {
    if (resume.isPresent()) {
      return Parameters.fromHost(graph, backend, resume.get().weights());
    }
    return Parameters.allocate(
        graph, backend, Initializer.named(experiment.model().init().jsonName()), experiment.seed());
  }

  private static List<TrainableParameter> trainable(Parameters parameters) {
    List<TrainableParameter> out = new ArrayList<>();
    for (ParameterSpec spec : parameters.specs()) {
      if (spec.trainable()) {
        out.add(TrainableParameter.of(spec, parameters.get(spec.name()), parameters.gradient(spec.name())));
      }
    }
    return out;
  }

  private void writeReports(List<EpochMetrics> history) {
    Path output = experiment.output();
    try {
      MetricsCsv.write(output.resolve(METRICS), history);
      LearningCurve.write(
          output.resolve(CURVE), experiment.name() + " (" + experiment.model().name() + ")", history);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the reports in " + output + ": " + e.getMessage(), e);
    }
  }

  /** The training steps of one epoch, with its running metrics. */
  private final class EpochRun {
    private final Model model;
    private final Optimizer optimizer;
    private final List<TrainableParameter> trainable;
    private final Loss lossFunction;
    private final LrSchedule schedule;
    private final TrainingState before;
    private final CheckpointStore store;
    private final int batches;
    private final RunningMean loss = new RunningMean();
    private final TopKAccuracy accuracy;
    private long step;
    private double lastLr;

    EpochRun(
        Model model,
        Optimizer optimizer,
        List<TrainableParameter> trainable,
        Loss lossFunction,
        LrSchedule schedule,
        TrainingState before,
        CheckpointStore store,
        int batches) {
      this.model = model;
      this.optimizer = optimizer;
      this.trainable = trainable;
      this.lossFunction = lossFunction;
      this.schedule = schedule;
      this.before = before;
      this.store = store;
      this.batches = batches;
      this.accuracy = new TopKAccuracy(1, experiment.model().head().classes());
      this.step = before.step();
      this.lastLr = before.lr();
    }

    void train(DataLoader loader) {
      int epoch = before.epoch() + 1;
      long start = System.nanoTime();
      long images = 0;
      // DataLoader epochs count from 0: epoch e of the run (1-based) reads loader epoch e - 1.
      try (BatchStream stream = loader.stream(before.epoch())) {
        while (stream.hasNext()) {
          Batch batch = stream.next();
          double lr = schedule.lr(step);
          trainStep(batch, lr, epoch);
          lastLr = lr;
          step++;
          images += batch.size();
          listener.batchFinished(
              new BatchProgress(
                  epoch, experiment.epochs(), batch.index() + 1, batches, images, (System.nanoTime() - start) / 1e9,
                  loss.mean(), accuracy.value(), lr));
        }
      }
    }

    private void trainStep(Batch batch, double lr, int epoch) {
      try (TensorScope scope = new TensorScope()) {
        Tensor x = scope.own(backend.fromHost(batch.x(), batch.shape()));
        Tensor logits = scope.own(model.forward(x, Mode.TRAIN));
        Tensor dLogits = scope.own(backend.allocate(logits.shape()));
        Tensor probabilities = scope.own(backend.allocate(logits.shape()));
        double batchLoss = lossFunction.compute(logits, batch.labels(), dLogits, probabilities);
        if (!Double.isFinite(batchLoss)) {
          model.backward(dLogits);
          throw nonFinite(batch, x, epoch, batchLoss);
        }
        model.backward(dLogits);
        optimizer.step(trainable, (float) lr);
        loss.add(batchLoss, batch.size());
        accuracy.add(probabilities.copyToHost(), batch.labels());
      }
    }

    /** Reruns the failed step with the non-finite watch on, to name where the first NaN or infinity appeared. */
    private NonFiniteLossException nonFinite(Batch batch, Tensor x, int epoch, double batchLoss) {
      String where;
      model.watchNonFinite(true);
      try (TensorScope scope = new TensorScope()) {
        Tensor logits = scope.own(model.forward(x, Mode.TRAIN));
        Tensor dLogits = scope.own(backend.allocate(logits.shape()));
        lossFunction.compute(logits, batch.labels(), dLogits, null);
        model.backward(dLogits);
        where = model.firstNonFinite().map(NonFiniteValue::describe).orElse("none in the model (the loss itself)");
      } finally {
        model.watchNonFinite(false);
      }
      return new NonFiniteLossException(
          epoch, batch.index() + 1, step, batchLoss, where, store.latest());
    }
  }
}
