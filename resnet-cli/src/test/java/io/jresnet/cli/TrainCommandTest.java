package io.jresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.tck.ReferenceBackendProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
  private static final String EPOCH_LINE =
      "epoch %d  lr \\S+  train loss \\d+\\.\\d{4} acc \\d+\\.\\d%%  test loss \\d+\\.\\d{4} acc \\d+\\.\\d%%"
          + " top-5 100\\.0%%  \\d+ img/s  \\d+:\\d\\d  saved epoch-000%d( \\(best\\))?";

  @TempDir Path dir;

  static FakeBackendsModule referenceBackend() {
    return new FakeBackendsModule().with("reference", ReferenceBackendProvider::new);
  }

  @Test
  void trainsPrintsOneLinePerEpochAndWhereEverythingIs() throws IOException {
    Path experiment = TinyTraining.write(dir, 2);
    CliRun run = CliRun.run(referenceBackend(), "train", experiment.toString());
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("", run.err(), "no progress bar when stderr is no terminal");
    List<String> lines = run.out().lines().toList();
    Path output = dir.resolve("run");
    assertTrue(
        lines.get(0).startsWith(
            "train tiny: resnet20 (8x8x1, 3 classes) | adam lr 0.01, 2 epochs, batch 8, seed 5 | backend reference"
                + " (plain Java loops"),
        lines.get(0));
    assertTrue(lines.get(0).endsWith(", 1 threads) | output " + output), lines.get(0));
    assertTrue(lines.get(1).matches(EPOCH_LINE.formatted(1, 1)), lines.get(1));
    assertTrue(lines.get(2).matches(EPOCH_LINE.formatted(2, 2)), lines.get(2));
    assertTrue(
        lines.get(3).matches("test accuracy \\d+\\.\\d\\d% after epoch 2 \\(best \\d+\\.\\d\\d% after epoch \\d\\)"),
        lines.get(3));
    assertTrue(
        lines.get(4).startsWith("checkpoint: " + output.resolve("epoch-0002") + " (best: " + output), lines.get(4));
    assertEquals("metrics: " + output.resolve("metrics.csv"), lines.get(5));
    assertEquals("learning curve: " + output.resolve("curve.png"), lines.get(6));
    assertEquals(7, lines.size(), run::toString);
    assertEquals(3, Files.readAllLines(output.resolve("metrics.csv")).size());
  }

  @Test
  void resumesFromTheLatestCheckpointOfARunFolder() throws IOException {
    Path experiment = TinyTraining.write(dir, 1);
    assertEquals(0, CliRun.run(referenceBackend(), "train", experiment.toString()).exitCode());
    Files.writeString(experiment, Files.readString(experiment).replace("\"epochs\": 1", "\"epochs\": 2"));
    CliRun run =
        CliRun.run(referenceBackend(), "train", experiment.toString(), "--resume", dir.resolve("run").toString());
    assertEquals(0, run.exitCode(), run::toString);
    List<String> lines = run.out().lines().toList();
    assertEquals("resuming from " + dir.resolve("run/epoch-0001") + " after epoch 1", lines.get(1));
    assertTrue(lines.get(2).matches(EPOCH_LINE.formatted(2, 2)), lines.get(2));
    assertEquals(3, Files.readAllLines(dir.resolve("run/metrics.csv")).size());
  }

  @Test
  void userErrorsAreOneLine() throws IOException {
    CliRun missing = CliRun.run(referenceBackend(), "train", dir.resolve("none.json").toString());
    assertEquals(1, missing.exitCode(), missing::toString);
    assertEquals("resnet: " + dir.resolve("none.json") + ": no such file\n", missing.err());

    Path experiment = TinyTraining.write(dir, 1);
    CliRun badResume =
        CliRun.run(referenceBackend(), "train", experiment.toString(), "--resume", dir.toString());
    assertEquals(1, badResume.exitCode(), badResume::toString);
    assertEquals(
        "resnet: " + dir + ": not a checkpoint (no state.json) and not a run folder (no 'latest' file)\n",
        badResume.err());

    Files.writeString(experiment, Files.readString(experiment).replace("\"lr\": 0.01", "\"lr\": -1"));
    CliRun badLr = CliRun.run(referenceBackend(), "train", experiment.toString());
    assertEquals(1, badLr.exitCode(), badLr::toString);
    assertEquals(
        "resnet: " + experiment + ":10:39 at /optimizer/lr: value -1 is out of range; allowed (0, 10]\n",
        badLr.err());

    CliRun usage = CliRun.run(referenceBackend(), "train");
    assertEquals(2, usage.exitCode(), usage::toString);
    assertTrue(usage.err().startsWith("resnet: Missing required parameter: 'EXPERIMENT.json'"), usage::toString);
  }

  @Test
  void theGlobalBackendOptionOverridesTheExperiments() throws IOException {
    Path experiment = TinyTraining.write(dir, 1);
    CliRun run = CliRun.run(referenceBackend().with("cuda", CudaProviders::withoutDriver), "--backend", "cuda",
        "train", experiment.toString());
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().startsWith("resnet: backend 'cuda' is not available: no NVIDIA driver"), run::toString);
  }
}
