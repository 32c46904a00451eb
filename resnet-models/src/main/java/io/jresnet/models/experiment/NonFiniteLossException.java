package io.jresnet.models.experiment;

import io.jresnet.JresnetException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The training loss became NaN or infinite: the run stopped at that step, and the last complete checkpoint (if any)
 * is still the one {@code latest} names. The message names the epoch, the batch, the step and where the first
 * non-finite value appeared.
 */
public final class NonFiniteLossException extends JresnetException {
  private final long step;
  private final String firstNonFinite;

  /**
   * @param firstNonFinite where the first non-finite value appeared (e.g. {@code node 'layer1.0.bn2': output has 12
   *     non-finite values})
   * @param lastCheckpoint the checkpoint that stays the latest, if one was written
   */
  public NonFiniteLossException(
      int epoch, int batch, long step, double loss, String firstNonFinite, Optional<Path> lastCheckpoint) {
    super(
        "training loss is " + loss + " at epoch " + epoch + ", batch " + batch + " (step " + step + "); first"
            + " non-finite value: " + firstNonFinite + "; "
            + lastCheckpoint.map(p -> "the last good checkpoint is " + p).orElse("no checkpoint was written yet")
            + ". Lower the learning rate or check the data");
    this.step = step;
    this.firstNonFinite = firstNonFinite;
  }

  /** The 0-based optimizer step whose loss was not finite. */
  public long step() {
    return step;
  }

  /** Where the first non-finite value appeared. */
  public String firstNonFinite() {
    return firstNonFinite;
  }
}
