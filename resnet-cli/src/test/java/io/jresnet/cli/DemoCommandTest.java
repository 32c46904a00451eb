package io.jresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path dir;

  @Test
  void trainsTheGivenExperimentIntoTheOutputFolderAndSaysWhatToDoNext() throws IOException {
    Path experiment = TinyTraining.write(dir, 2);
    Path output = dir.resolve("demo-out");
    CliRun run =
        CliRun.run(
            TrainCommandTest.referenceBackend(), "demo", "--experiment", experiment.toString(), "--output",
            output.toString(), "--epochs", "1");
    assertEquals(0, run.exitCode(), run::toString);
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.getFirst().contains("1 epochs") && lines.getFirst().endsWith("output " + output), lines.get(0));
    int done = lines.indexOf("") + 1;
    assertTrue(
        lines.get(done).matches("demo done: resnet20 reached \\d+\\.\\d\\d% test accuracy on tiny in 1 epochs\\."),
        run::toString);
    assertEquals("Open " + output.resolve("curve.png") + " for the learning curve; evaluate the checkpoint with",
        lines.get(done + 1));
    assertEquals("  ./resnet eval " + experiment + " --checkpoint " + output, lines.get(done + 2));
    assertTrue(Files.isRegularFile(output.resolve("epoch-0001/weights.safetensors")));
  }

  @Test
  void theBundledExperimentIsValid() {
    Path bundled = Path.of("..", DemoCommand.EXPERIMENT);
    assertTrue(Files.isRegularFile(bundled), bundled.toAbsolutePath().toString());
    CliRun run =
        CliRun.run(
            TrainCommandTest.referenceBackend(), "demo", "--experiment", bundled.toString(), "--epochs", "0");
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.err().startsWith("resnet: Invalid value for option '--epochs': must be at least 1, got 0"),
        run::toString);
  }
}
