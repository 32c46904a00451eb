package io.jresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jresnet.models.experiment.BatchProgress;
import io.jresnet.models.experiment.EpochMetrics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TrainingProgressTest {
  @Test
  void barShowsSpeedEtaLossAndAccuracy() {
    BatchProgress p = new BatchProgress(2, 10, 20, 80, 2560, 3.2, 0.61234, 0.772, 0.1);
    assertEquals(
        "epoch 2/10 [######..................] 20/80  800 img/s  ETA 0:10  loss 0.6123  acc 77.2%",
        TrainingProgress.bar(p));
  }

  @Test
  void epochLineAndDurations() {
    EpochMetrics m = new EpochMetrics(3, 0.05, 0.5, 0.8, 0.4, 0.85, 0.99, 812.4, 75);
    assertEquals(
        "epoch 3  lr 0.05000  train loss 0.5000 acc 80.0%  test loss 0.4000 acc 85.0% top-5 99.0%  812 img/s  1:15"
            + "  saved epoch-0003 (best)",
        TrainingProgress.line(m, Path.of("run", "epoch-0003"), true));
    assertEquals("1:01:05", TrainingProgress.duration(3665));
  }

  @Test
  void theBarGoesToAProgressLineAndEpochsToStdout() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    TrainingProgress progress = new TrainingProgress(new PrintWriter(out), new Progress(new PrintWriter(err), true));
    progress.batchFinished(new BatchProgress(1, 1, 1, 2, 8, 1, 1.0, 0.5, 0.1));
    progress.epochFinished(new EpochMetrics(1, 0.1, 1, 0.5, 1, 0.5, 1, 8, 2), Path.of("epoch-0001"), false);
    assertEquals(
        "\repoch 1/1 [############............] 1/2  8 img/s  ETA 0:01  loss 1.0000  acc 50.0%\u001b[K\r\u001b[K",
        err.toString());
    assertEquals(
        "epoch 1  lr 0.1000  train loss 1.0000 acc 50.0%  test loss 1.0000 acc 50.0% top-5 100.0%  8 img/s  0:02"
            + "  saved epoch-0001" + System.lineSeparator(),
        out.toString());
  }
}
