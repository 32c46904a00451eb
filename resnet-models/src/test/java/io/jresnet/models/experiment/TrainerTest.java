package io.jresnet.models.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.tck.ReferenceBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
  private final ReferenceBackend backend = new ReferenceBackend();

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

  private static final class Recorder implements TrainingListener {
    final List<String> events = new ArrayList<>();
    final int crashEpoch;
    final int crashBatch;

    Recorder(int crashEpoch, int crashBatch) {
      this.crashEpoch = crashEpoch;
      this.crashBatch = crashBatch;
    }

    @Override
    public void runStarted(Experiment experiment, int firstEpoch, int trainImages, int testImages) {
      events.add("run from " + firstEpoch + ": " + trainImages + " + " + testImages);
    }

    @Override
    public void epochStarted(int epoch, int epochs, int batches) {
      events.add("epoch " + epoch + "/" + epochs + ": " + batches + " batches");
    }

    @Override
    public void batchFinished(BatchProgress progress) {
      if (progress.epoch() == crashEpoch && progress.batch() == crashBatch) {
        throw new SimulatedCrash();
      }
    }

    @Override
    public void epochFinished(EpochMetrics metrics, Path checkpoint, boolean best) {
      events.add("saved " + checkpoint.getFileName());
    }
  }

  private Experiment experiment(Path runDir, int epochs) throws IOException {
    Files.createDirectories(runDir);
    return ExperimentReader.read(TinyExperiment.write(runDir, 16, 6, epochs, ""));
  }

  private static byte[] bytes(Path file) throws IOException {
    return Files.readAllBytes(file);
  }

  @Test
  void resumeAfterACrashInEpochThreeGivesTheWeightsOfAnUninterruptedRun() throws IOException {
    Experiment straight = experiment(dir.resolve("straight"), 4);
    Recorder straightEvents = new Recorder(0, 0);
    TrainingResult result = new Trainer(straight, backend, straightEvents).run(Optional.empty());
    assertEquals(
        List.of(
            "run from 1: 16 + 6", "epoch 1/4: 2 batches", "saved epoch-0001", "epoch 2/4: 2 batches",
            "saved epoch-0002", "epoch 3/4: 2 batches", "saved epoch-0003", "epoch 4/4: 2 batches",
            "saved epoch-0004"),
        straightEvents.events);
    assertEquals(4, result.history().size());
    assertEquals(straight.output().resolve("epoch-0004"), result.latest());
    assertEquals(5, Files.readAllLines(result.metricsCsv()).size());
    assertTrue(Files.size(result.learningCurve()) > 1000);
    assertEquals(6, result.confusion().total());

    Experiment crashing = experiment(dir.resolve("crashing"), 4);
    Recorder crashEvents = new Recorder(3, 2);
    assertThrows(SimulatedCrash.class, () -> new Trainer(crashing, backend, crashEvents).run(Optional.empty()));
    CheckpointStore store = new CheckpointStore(crashing.output(), crashing.keepCheckpoints());
    assertEquals(crashing.output().resolve("epoch-0002"), store.latest().orElseThrow());

    Recorder resumedEvents = new Recorder(0, 0);
    TrainingResult resumed =
        new Trainer(crashing, backend, resumedEvents)
            .run(Optional.of(CheckpointStore.load(store.latest().orElseThrow())));
    assertEquals(
        List.of("run from 3: 16 + 6", "epoch 3/4: 2 batches", "saved epoch-0003", "epoch 4/4: 2 batches",
            "saved epoch-0004"),
        resumedEvents.events);
    for (String file : List.of("weights.safetensors", "optimizer.safetensors", "model.json")) {
      assertArrayEquals(bytes(result.latest().resolve(file)), bytes(resumed.latest().resolve(file)), file);
    }
    for (int i = 0; i < 4; i++) {
      EpochMetrics a = result.history().get(i);
      EpochMetrics b = resumed.history().get(i);
      assertEquals(List.of(a.lr(), a.trainLoss(), a.trainAccuracy(), a.valLoss(), a.valAccuracy(), a.valTop5()),
          List.of(b.lr(), b.trainLoss(), b.trainAccuracy(), b.valLoss(), b.valAccuracy(), b.valTop5()));
    }
  }

  @Test
  void aNonFiniteLossNamesTheStepAndTheFirstBadValueAndKeepsTheLastCheckpoint() throws IOException {
    Experiment tiny = experiment(dir, 2);
    assertThrows(SimulatedCrash.class, () -> new Trainer(tiny, backend, new Recorder(2, 1)).run(Optional.empty()));
    CheckpointStore store = new CheckpointStore(tiny.output(), 2);
    Checkpoint good = CheckpointStore.load(store.latest().orElseThrow());
    Map<String, float[]> weights = new LinkedHashMap<>(good.weights());
    float[] poisoned = weights.get("layer2.0.conv1.weight").clone();
    poisoned[5] = Float.NaN;
    weights.put("layer2.0.conv1.weight", poisoned);
    Checkpoint bad = new Checkpoint(good.graph(), weights, good.optimizerState(), good.state());
    NonFiniteLossException e =
        assertThrows(
            NonFiniteLossException.class,
            () -> new Trainer(tiny, backend, new TrainingListener() {}).run(Optional.of(bad)));
    assertEquals(
        "training loss is NaN at epoch 2, batch 1 (step 2); first non-finite value: node 'layer2.0.conv1':"
            + " parameter 'layer2.0.conv1.weight' has 1 non-finite value; the last good checkpoint is "
            + tiny.output().resolve("epoch-0001") + ". Lower the learning rate or check the data",
        e.getMessage());
    assertEquals(tiny.output().resolve("epoch-0001"), store.latest().orElseThrow());
  }

  @Test
  void resumingWithAnotherModelIsRefused() throws IOException {
    Experiment tiny = experiment(dir, 2);
    assertThrows(SimulatedCrash.class, () -> new Trainer(tiny, backend, new Recorder(2, 1)).run(Optional.empty()));
    Checkpoint checkpoint =
        CheckpointStore.load(new CheckpointStore(tiny.output(), 2).latest().orElseThrow());
    Path other = Files.createDirectories(dir.resolve("other"));
    Files.writeString(
        other.resolve("x.json"),
        Files.readString(dir.resolve("tiny.json")).replace("\"classes\": 3", "\"classes\": 4")
            .replace("\"train-", "\"../train-").replace("\"test-", "\"../test-"));
    Experiment wider = ExperimentReader.read(other.resolve("x.json"));
    io.jresnet.ConfigException e =
        assertThrows(
            io.jresnet.ConfigException.class,
            () -> new Trainer(wider, backend, new TrainingListener() {}).run(Optional.of(checkpoint)));
    assertTrue(e.getMessage().startsWith(other.resolve("x.json") + " at /model: the checkpoint holds another model"),
        e.getMessage());
  }
}
