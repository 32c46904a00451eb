package io.jresnet.models.experiment;

/**
 * What one epoch of training measured: a row of {@code metrics.csv} and a point of the learning curve.
 *
 * @param epoch 1-based
 * @param lr the learning rate at the epoch's last step
 * @param trainLoss mean training loss over the epoch (with label smoothing, as optimised)
 * @param trainAccuracy top-1 accuracy on the training batches, in [0, 1] (measured in training mode)
 * @param valLoss mean test loss after the epoch (evaluation mode)
 * @param valAccuracy top-1 test accuracy in [0, 1]
 * @param valTop5 top-5 test accuracy in [0, 1] (1 when there are at most 5 classes)
 * @param imagesPerSecond training images per second of the epoch (without the evaluation)
 * @param seconds wall time of the epoch, evaluation included
 */
public record EpochMetrics(
    int epoch,
    double lr,
    double trainLoss,
    double trainAccuracy,
    double valLoss,
    double valAccuracy,
    double valTop5,
    double imagesPerSecond,
    double seconds) {
  public EpochMetrics {
    if (epoch < 1) {
      throw new IllegalArgumentException("epochs count from 1, got " + epoch);
    }
  }
}
