package io.jresnet.models.golden.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jresnet.backend.Backend;
import io.jresnet.graph.Graph;
import io.jresnet.io.HostTensor;
import io.jresnet.models.ModelSpec;
import io.jresnet.models.ResNetBuilder;
import io.jresnet.models.Zoo;
import io.jresnet.models.golden.CounterWeights;
import io.jresnet.models.interop.TorchvisionLayout;
import io.jresnet.nn.Mode;
import io.jresnet.nn.Model;
import io.jresnet.nn.ParameterSpec;
import io.jresnet.nn.Parameters;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import io.jresnet.train.Optimizer;
import io.jresnet.train.Sgd;
import io.jresnet.train.SgdParams;
import io.jresnet.train.SoftmaxCrossEntropy;
import io.jresnet.train.TrainableParameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A golden training case reproduced with jresnet's API: the zoo model (classes overridden, final softmax dropped so
 * the fused softmax cross-entropy reads logits), counter-formula weights in canonical layout, then per step a
 * {@link Mode#TRAIN} forward, {@link SoftmaxCrossEntropy}, {@link Model#backward} and an {@link Sgd} update.
 *
 * @param losses the loss of each step, on the weights before it
 * @param checksums per step, the update checksums of every tensor (PyTorch names and layouts), by name
 * @param fullDeltas the final {@code W - W0} (row-major, PyTorch layout, float64) of the tensors named
 */
record JavaTrainingRun(
    List<Double> losses, List<Map<String, UpdateChecksums>> checksums, Map<String, double[]> fullDeltas) {
  JavaTrainingRun {
    losses = List.copyOf(losses);
    checksums = List.copyOf(checksums);
    fullDeltas = Map.copyOf(fullDeltas);
    if (losses.size() != checksums.size()) {
      throw new IllegalArgumentException(losses.size() + " losses but " + checksums.size() + " steps of checksums");
    }
  }

  /**
   * Runs case {@code c} on {@code backend} with the SGD hyper-parameters {@code sgd} (the case's, or altered ones to
   * show that the comparison notices), keeping the full final delta of the tensors in {@code fullDeltaNames}.
   */
  static JavaTrainingRun of(TrainingCase c, Backend backend, SgdParams sgd, List<String> fullDeltaNames) {
    int[] batch = c.batchShape();
    ModelSpec spec = Zoo.load(c.model()).withInput(batch[1], batch[2], batch[3]).withClasses(c.classes());
    assertEquals(c.bnMomentum(), spec.batchNorm().momentum(), 1e-12,
        c + ": PyTorch ran with another batch-norm momentum than the zoo spec's");
    Graph graph = ResNetBuilder.build(spec).withoutFinalSoftmax();
    TorchvisionLayout layout = new TorchvisionLayout(Parameters.specs(graph));
    Map<String, float[]> initial = new LinkedHashMap<>();
    Map<String, float[]> canonical = new LinkedHashMap<>();
    Map<String, int[]> shapes = new LinkedHashMap<>();
    for (ParameterSpec fileSpec : layout.fileSpecs()) {
      int[] shape = fileSpec.shape().toArray();
      float[] values = CounterWeights.tensor(fileSpec.name(), shape);
      initial.put(fileSpec.name(), values);
      shapes.put(fileSpec.name(), shape);
      canonical.put(fileSpec.name(), layout.toCanonical(fileSpec.name(), values));
    }
    List<Double> losses = new ArrayList<>();
    List<Map<String, UpdateChecksums>> checksums = new ArrayList<>();
    Map<String, double[]> fullDeltas = new LinkedHashMap<>();
    SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(c.labelSmoothing());
    try (Parameters parameters = Parameters.fromHost(graph, backend, canonical);
        Model model = Model.bind(graph, backend, parameters);
        Optimizer optimizer = new Sgd(sgd)) {
      canonical.clear();
      List<TrainableParameter> trainables = trainables(parameters);
      for (TrainingStepFixture step : c.steps()) {
        HostTensor input = TrainingFixtures.input(step);
        assertEquals(Shape.of(batch), input.shape(), step.input() + ": batch shape");
        try (Tensor x = backend.fromHost(input.data(), input.shape());
            Tensor logits = model.forward(x, Mode.TRAIN);
            Tensor dLogits = backend.allocate(logits.shape())) {
          losses.add(loss.compute(logits, step.labels(), dLogits, null));
          model.backward(dLogits);
          optimizer.step(trainables, step.lr());
        }
        Map<String, float[]> now = parameters.toHost();
        Map<String, UpdateChecksums> stepChecksums = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : initial.entrySet()) {
          String name = e.getKey();
          float[] updated = layout.toFile(name, now.get(name));
          stepChecksums.put(name, UpdateChecksums.of(name, shapes.get(name), e.getValue(), updated));
          if (checksums.size() == c.steps().size() - 1 && fullDeltaNames.contains(name)) {
            fullDeltas.put(name, delta(e.getValue(), updated));
          }
        }
        checksums.add(stepChecksums);
      }
    }
    return new JavaTrainingRun(losses, checksums, fullDeltas);
  }

  private static List<TrainableParameter> trainables(Parameters parameters) {
    List<TrainableParameter> out = new ArrayList<>();
    for (ParameterSpec spec : parameters.specs()) {
      if (spec.trainable()) {
        out.add(TrainableParameter.of(spec, parameters.get(spec.name()), parameters.gradient(spec.name())));
      }
    }
    return out;
  }

  private static double[] delta(float[] initial, float[] updated) {
    double[] d = new double[updated.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = (double) updated[i] - initial[i];
    }
    return d;
  }
}
