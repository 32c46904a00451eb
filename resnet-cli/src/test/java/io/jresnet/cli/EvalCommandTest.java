package io.jresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {
  @TempDir Path dir;

  @Test
  void printsLossAccuracyAndTheConfusionMatrixOfTheBestCheckpoint() throws IOException {
    Path experiment = TinyTraining.write(dir, 1);
    assertEquals(0, CliRun.run(TrainCommandTest.referenceBackend(), "train", experiment.toString()).exitCode());
    CliRun run =
        CliRun.run(
            TrainCommandTest.referenceBackend(), "eval", experiment.toString(), "--checkpoint",
            dir.resolve("run").toString());
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("", run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(
        "eval tiny: " + dir.resolve("run/epoch-0001") + " after epoch 1 on 6 test images | backend reference (1"
            + " threads)",
        lines.get(0));
    assertTrue(lines.get(1).matches("loss \\d+\\.\\d{4}  top-1 \\d+\\.\\d\\d%  top-5 100\\.00%"), lines.get(1));
    assertEquals("", lines.get(2));
    assertTrue(lines.get(3).matches("actual \\\\ predicted\\s+top-left\\s+bottom-left\\s+top-right\\s+recall"),
        lines.get(3));
    assertTrue(lines.get(4).startsWith("top-left "), lines.get(4));
    assertTrue(lines.get(7).startsWith("precision "), lines.get(7));
    assertEquals(8, lines.size(), run::toString);
  }

  @Test
  void aCheckpointIsRequiredAndMustExist() throws IOException {
    Path experiment = TinyTraining.write(dir, 1);
    CliRun usage = CliRun.run(TrainCommandTest.referenceBackend(), "eval", experiment.toString());
    assertEquals(2, usage.exitCode(), usage::toString);
    assertTrue(usage.err().startsWith("resnet: Missing required option: '--checkpoint=DIR'"), usage::toString);
    CliRun missing =
        CliRun.run(
            TrainCommandTest.referenceBackend(), "eval", experiment.toString(), "--checkpoint",
            dir.resolve("nope").toString());
    assertEquals(1, missing.exitCode(), missing::toString);
    assertEquals("resnet: " + dir.resolve("nope") + ": no such checkpoint folder\n", missing.err());
  }
}
