package io.jresnet.models.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.cpu.CpuBackendProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact resume on the multithreaded CPU backend: a run that crashes in the middle of epoch 3 and resumes from the
 * epoch-2 checkpoint ends epoch 4 with the same bytes as an uninterrupted run. The CPU kernels hand their tasks out
 * dynamically, so this holds only because every reduction sums its partials in a fixed order.
 */
class CpuResumeDeterminismTest {
  private final Backend backend = new CpuBackendProvider().open(new BackendConfig(2));

  @TempDir Path dir;

  @AfterEach
  void close() {
    backend.close();
  }

  /** Thrown by a listener to stop a run the way a crash would. */
  private static final class SimulatedCrash extends RuntimeException {
    SimulatedCrash() {
      super("simulated crash");
    }
  }

  private static TrainingListener crashAt(int epoch, int batch) {
    return new TrainingListener() {
      @Override
      public void batchFinished(BatchProgress progress) {
        if (progress.epoch() == epoch && progress.batch() == batch) {
          throw new SimulatedCrash();
        }
      }
    };
  }

  private Experiment experiment(String name) throws IOException {
    Path runDir = Files.createDirectories(dir.resolve(name));
    Path file = TinyExperiment.write(runDir, 96, 6, 4, "");
    // Batches of 32 8x8 images: 2048 pixels in the first stage, so its weight gradients sum four chunks of pixels
    // and its batch statistics two, each on either thread.
    Files.writeString(file, Files.readString(file).replace("\"batch_size\": 8,", "\"batch_size\": 32,"));
    Experiment experiment = ExperimentReader.read(file);
    assertEquals(32, experiment.batchSize(), "batch size");
    return experiment;
  }

  @Test
  void resumeAfterACrashInEpochThreeGivesTheBytesOfAnUninterruptedRun() throws IOException {
    Experiment straight = experiment("straight");
    TrainingResult result = new Trainer(straight, backend, new TrainingListener() {}).run(Optional.empty());

    Experiment crashing = experiment("crashing");
    assertThrows(SimulatedCrash.class, () -> new Trainer(crashing, backend, crashAt(3, 2)).run(Optional.empty()));
    CheckpointStore store = new CheckpointStore(crashing.output(), crashing.keepCheckpoints());
    Path latest = store.latest().orElseThrow();
    assertEquals(crashing.output().resolve("epoch-0002"), latest);
    TrainingResult resumed =
        new Trainer(crashing, backend, new TrainingListener() {}).run(Optional.of(CheckpointStore.load(latest)));

    assertEquals(straight.output().resolve("epoch-0004"), result.latest());
    assertEquals(crashing.output().resolve("epoch-0004"), resumed.latest());
    for (String file : List.of("weights.safetensors", "optimizer.safetensors", "model.json")) {
      assertArrayEquals(
          Files.readAllBytes(result.latest().resolve(file)), Files.readAllBytes(resumed.latest().resolve(file)), file);
    }
    for (int i = 0; i < 4; i++) {
      EpochMetrics a = result.history().get(i);
      EpochMetrics b = resumed.history().get(i);
      assertEquals(
          List.of(a.lr(), a.trainLoss(), a.trainAccuracy(), a.valLoss(), a.valAccuracy(), a.valTop5()),
          List.of(b.lr(), b.trainLoss(), b.trainAccuracy(), b.valLoss(), b.valAccuracy(), b.valTop5()),
          "epoch " + (i + 1));
    }
  }
}
