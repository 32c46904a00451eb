package io.jresnet.models.experiment;

import io.jresnet.backend.Backend;
import io.jresnet.models.data.Batch;
import io.jresnet.models.data.BatchStream;
import io.jresnet.models.data.DataLoader;
import io.jresnet.nn.Mode;
import io.jresnet.nn.Model;
import io.jresnet.tensor.Tensor;
import io.jresnet.tensor.TensorScope;
import io.jresnet.train.ClassificationMetrics;
import io.jresnet.train.Loss;

/** Runs a model in evaluation mode over a whole split: mean loss, top-1, top-5 and the confusion matrix. */
public final class Evaluation {
  private Evaluation() {}

  /**
   * Evaluates {@code model} (a graph ending in logits; see {@link io.jresnet.graph.Graph#withoutFinalSoftmax()}) on
   * every batch of epoch 0 of {@code loader}.
   *
   * @param classes the model's output size (the confusion matrix is classes x classes)
   */
  public static ClassificationMetrics run(Model model, DataLoader loader, Loss loss, int classes) {
    Backend backend = model.backend();
    ClassificationMetrics metrics = new ClassificationMetrics(classes);
    try (BatchStream batches = loader.stream(0)) {
      while (batches.hasNext()) {
        Batch batch = batches.next();
        try (TensorScope scope = new TensorScope()) {
          Tensor x = scope.own(backend.fromHost(batch.x(), batch.shape()));
          Tensor logits = scope.own(model.forward(x, Mode.EVAL));
          Tensor probabilities = scope.own(backend.allocate(logits.shape()));
          double meanLoss = loss.compute(logits, batch.labels(), null, probabilities);
          metrics.add(meanLoss, probabilities.copyToHost(), batch.labels());
        }
      }
    }
    return metrics;
  }
}
