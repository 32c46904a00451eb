package io.jresnet.models.experiment;

import io.jresnet.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code metrics.csv}: one row per epoch, for spreadsheets and plotting scripts. Rewritten whole (atomically) after
 * each epoch from the run's history, so a resumed run's file has exactly one row per completed epoch.
 */
public final class MetricsCsv {
  /** The header row. */
  public static final String HEADER =
      "epoch,lr,train_loss,train_acc,val_loss,val_acc,val_top5,images_per_s,seconds";

  private MetricsCsv() {}

  /** The file's text for {@code history}: the header, then one row per epoch. */
  public static String format(List<EpochMetrics> history) {
    StringBuilder out = new StringBuilder(HEADER).append('\n');
    for (EpochMetrics m : history) {
      out.append(
          String.format(
              Locale.ROOT,
              "%d,%.6g,%.6f,%.6f,%.6f,%.6f,%.6f,%.1f,%.2f%n",
              m.epoch(),
              m.lr(),
              m.trainLoss(),
              m.trainAccuracy(),
              m.valLoss(),
              m.valAccuracy(),
              m.valTop5(),
              m.imagesPerSecond(),
              m.seconds()));
    }
    return out.toString();
  }

  /** Replaces {@code file} with the rows of {@code history}. */
  public static void write(Path file, List<EpochMetrics> history) throws IOException {
    AtomicFiles.write(file, format(history).getBytes(StandardCharsets.UTF_8));
  }
}
