package io.jresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.ConfigException;
import io.jresnet.models.InputSpec;
import io.jresnet.models.experiment.Experiment;
import io.jresnet.models.experiment.ExperimentReader;
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
  void theShippedExperimentsAreValid() {
    Experiment demo = ExperimentReader.read(Path.of("..", DemoCommand.EXPERIMENT));
    assertEquals("resnet20", demo.model().name());
    assertEquals(new InputSpec(28, 28, 1), demo.model().input());
    assertEquals(10, demo.model().head().classes());
    assertTrue(demo.data().train().paths().stream().allMatch(Files::isRegularFile));
    Path full = Path.of("..", "examples", "fashion-mnist-full.json");
    if (Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist"))) {
      assertEquals(8, ExperimentReader.read(full).epochs());
    } else {
      ConfigException missing = assertThrows(ConfigException.class, () -> ExperimentReader.read(full));
      assertTrue(
          missing.getMessage().contains("no such file: /usr/share/datasets/fashion-mnist/"), missing::getMessage);
    }
  }

  @Test
  void epochsMustBePositive() {
    CliRun run = CliRun.run(TrainCommandTest.referenceBackend(), "demo", "--epochs", "0");
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.err().startsWith("resnet: Invalid value for option '--epochs': must be at least 1, got 0"),
        run::toString);
  }
}
