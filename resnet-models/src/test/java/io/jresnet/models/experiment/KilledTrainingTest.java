package io.jresnet.models.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.tck.ReferenceBackend;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real SIGKILL in the middle of epoch 3, in a child JVM, then a resume: the weights match an unbroken run. */
class KilledTrainingTest {
  @TempDir Path dir;

  @Test
  void resumeAfterSigkillInEpochThreeMatchesAnUninterruptedRun() throws Exception {
    Path killedDir = Files.createDirectories(dir.resolve("killed"));
    Experiment killed = ExperimentReader.read(TinyExperiment.write(killedDir, 16, 6, 4, ""));
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                TrainUntilKilled.class.getName(),
                killedDir.resolve("tiny.json").toString())
            .redirectErrorStream(true)
            .start();
    List<String> childOutput = new ArrayList<>();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null && !line.equals(TrainUntilKilled.READY)) {
        childOutput.add(line);
      }
      assertEquals(TrainUntilKilled.READY, line, () -> "the child ended early: " + childOutput);
      child.destroyForcibly(); // SIGKILL on Unix: no shutdown hooks, no finally blocks
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    } finally {
      child.destroyForcibly();
    }
    assertEquals(137, child.exitValue(), "killed by SIGKILL (128 + 9)");

    CheckpointStore store = new CheckpointStore(killed.output(), killed.keepCheckpoints());
    assertEquals(killed.output().resolve("epoch-0002"), store.latest().orElseThrow());
    try (ReferenceBackend backend = new ReferenceBackend()) {
      TrainingResult resumed =
          new Trainer(killed, backend, new TrainingListener() {})
              .run(Optional.of(CheckpointStore.load(store.latest().orElseThrow())));
      Path straightDir = Files.createDirectories(dir.resolve("straight"));
      Experiment straight = ExperimentReader.read(TinyExperiment.write(straightDir, 16, 6, 4, ""));
      TrainingResult unbroken = new Trainer(straight, backend, new TrainingListener() {}).run(Optional.empty());
      for (String file : List.of("weights.safetensors", "optimizer.safetensors")) {
        assertArrayEquals(
            Files.readAllBytes(unbroken.latest().resolve(file)), Files.readAllBytes(resumed.latest().resolve(file)),
            file);
      }
    }
  }
}
