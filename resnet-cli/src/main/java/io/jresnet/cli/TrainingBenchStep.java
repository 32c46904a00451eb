package io.jresnet.cli;

import io.jresnet.backend.Backend;
import io.jresnet.nn.Mode;
import io.jresnet.nn.Model;
import io.jresnet.nn.ParameterSpec;
import io.jresnet.nn.Parameters;
import io.jresnet.tensor.Tensor;
import io.jresnet.train.Optimizer;
import io.jresnet.train.Sgd;
import io.jresnet.train.SgdParams;
import io.jresnet.train.TrainableParameter;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One training step as {@code resnet bench --train} times it: forward in training mode (batch statistics) up to the
 * logits, fused softmax-cross-entropy against random labels, backward, and an SGD step with momentum 0.9 and weight
 * decay 5e-4 — the work of one iteration of {@code resnet train}, without data loading.
 */
final class TrainingBenchStep implements AutoCloseable {
  private static final float LEARNING_RATE = 0.01f;

  private final Model network;
  private final Parameters parameters;
  private final Tensor x;
  private final int[] labels;
  private final Optimizer optimizer = new Sgd(SgdParams.momentum(0.9f, 5e-4f));
  private final List<TrainableParameter> trainable;

  /**
   * @param network bound to a graph that ends in logits (see {@link io.jresnet.graph.Graph#withoutFinalSoftmax()})
   */
  TrainingBenchStep(Model network, Tensor x, int classes, long seed) {
    this.network = network;
    this.parameters = network.parameters();
    this.x = x;
    SplittableRandom random = new SplittableRandom(seed);
    this.labels = new int[x.shape().dim(0)];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = random.nextInt(classes);
    }
    this.trainable =
        parameters.specs().stream()
            .filter(ParameterSpec::trainable)
            .map(s -> TrainableParameter.of(s, parameters.get(s.name()), parameters.gradient(s.name())))
            .toList();
  }

  /** Runs one step; returns its loss. */
  double run() {
    Backend backend = network.backend();
    double loss;
    try (Tensor logits = network.forward(x, Mode.TRAIN);
        Tensor gradient = backend.allocate(logits.shape())) {
      loss = backend.loss().softmaxCrossEntropy(logits, labels, 0f, gradient, null);
      network.backward(gradient);
    }
    optimizer.step(trainable, LEARNING_RATE);
    parameters.markChanged();
    return loss;
  }

  @Override
  public void close() {
    optimizer.close();
  }
}
