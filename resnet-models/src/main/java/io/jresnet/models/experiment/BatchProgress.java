package io.jresnet.models.experiment;

/**
 * Where an epoch stands after one training step, for progress bars.
 *
 * @param epoch 1-based
 * @param epochs epochs in the run
 * @param batch batches done in this epoch, from 1
 * @param batches batches in the epoch
 * @param images images trained on in this epoch so far
 * @param seconds since the epoch began
 * @param loss mean training loss of the epoch so far
 * @param accuracy top-1 training accuracy of the epoch so far, in [0, 1]
 * @param lr the learning rate of the step
 */
public record BatchProgress(
    int epoch, int epochs, int batch, int batches, long images, double seconds, double loss, double accuracy,
    double lr) {
  /** Training images per second in this epoch so far. */
  public double imagesPerSecond() {
    return seconds > 0 ? images / seconds : 0;
  }

  /** Seconds the rest of the epoch's batches should take at the pace so far. */
  public double etaSeconds() {
    return batch > 0 ? seconds * (batches - batch) / batch : 0;
  }
}
