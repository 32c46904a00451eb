package io.jresnet.cli;

import io.jresnet.models.experiment.BatchProgress;
import io.jresnet.models.experiment.EpochMetrics;
import io.jresnet.models.experiment.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Shows a training run: a progress bar per epoch on stderr (only on a terminal; see {@link Progress}) with images/s,
 * ETA, running loss and accuracy, and one line per finished epoch on stdout.
 */
final class TrainingProgress implements TrainingListener {
  static final int BAR_WIDTH = 24;

  private final PrintWriter out;
  private final Progress progress;

  TrainingProgress(PrintWriter out, Progress progress) {
    this.out = out;
    this.progress = progress;
  }

  @Override
  public void batchFinished(BatchProgress p) {
    progress.show(bar(p));
  }

  @Override
  public void evaluationStarted(int epoch, int images) {
    progress.show("epoch " + epoch + ": evaluating on " + images + " test images");
  }

  @Override
  public void epochFinished(EpochMetrics m, Path checkpoint, boolean best) {
    progress.clear();
    out.println(line(m, checkpoint, best));
    out.flush();
  }

  /** E.g. {@code epoch 2/10 [#######.........] 31/79  812 img/s  ETA 0:42  loss 0.6123  acc 77.2%}. */
  static String bar(BatchProgress p) {
    int filled = (int) ((long) BAR_WIDTH * p.batch() / p.batches());
    return String.format(
        Locale.ROOT,
        "epoch %d/%d [%s%s] %d/%d  %.0f img/s  ETA %s  loss %.4f  acc %.1f%%",
        p.epoch(), p.epochs(), "#".repeat(filled), ".".repeat(BAR_WIDTH - filled), p.batch(), p.batches(),
        p.imagesPerSecond(), duration(p.etaSeconds()), p.loss(), 100 * p.accuracy());
  }

  /** The epoch's summary line. */
  static String line(EpochMetrics m, Path checkpoint, boolean best) {
    return String.format(
        Locale.ROOT,
        "epoch %d  lr %.4g  train loss %.4f acc %.1f%%  test loss %.4f acc %.1f%% top-5 %.1f%%  %.0f img/s  %s"
            + "  saved %s%s",
        m.epoch(), m.lr(), m.trainLoss(), 100 * m.trainAccuracy(), m.valLoss(), 100 * m.valAccuracy(),
        100 * m.valTop5(), m.imagesPerSecond(), duration(m.seconds()), checkpoint.getFileName(),
        best ? " (best)" : "");
  }

  /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
