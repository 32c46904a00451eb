package io.jresnet.models.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.ConfigException;
import io.jresnet.graph.Graph;
import io.jresnet.io.HostTensor;
import io.jresnet.io.SafetensorsFile;
import io.jresnet.models.ResNetBuilder;
import io.jresnet.models.Zoo;
import io.jresnet.nn.Initializer;
import io.jresnet.nn.ParameterSpec;
import io.jresnet.nn.Parameters;
import io.jresnet.tensor.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
  private static final Graph GRAPH = ResNetBuilder.build(Zoo.load("resnet20").withInput(8, 8, 3).withClasses(3));

  @TempDir Path dir;

  /** A checkpoint after {@code epoch} whose values all depend on the epoch. */
  private static Checkpoint checkpoint(int epoch) {
    Map<String, float[]> weights = new LinkedHashMap<>();
    Map<String, HostTensor> momentum = new LinkedHashMap<>();
    for (ParameterSpec spec : Parameters.specs(GRAPH)) {
      float[] values = Initializer.heNormal().values(spec, epoch);
      weights.put(spec.name(), values);
      if (spec.trainable()) {
        float[] buffer = values.clone();
        buffer[0] += epoch;
        momentum.put(spec.name() + ".momentum", new HostTensor(spec.shape(), buffer));
      }
    }
    List<EpochMetrics> history =
        IntStream.rangeClosed(1, epoch)
            .mapToObj(e -> new EpochMetrics(e, 0.1 / e, 2.0 / e, 0.3 + 0.1 * e, 1.9 / e, 0.25 + 0.1 * e, 1, 500, 1.5))
            .toList();
    return new Checkpoint(
        GRAPH, weights, momentum, new TrainingState(epoch, 10L * epoch, 7, 0.1 / epoch, 1, 0.35, history));
  }

  private static void assertSameCheckpoint(Checkpoint expected, Checkpoint actual) {
    assertEquals(expected.graph(), actual.graph());
    assertEquals(expected.weights().keySet(), actual.weights().keySet());
    expected.weights().forEach((name, values) -> assertArrayEquals(values, actual.weights().get(name), name));
    assertEquals(expected.optimizerState(), actual.optimizerState());
    assertEquals(expected.state(), actual.state());
  }

  private List<String> entries() throws IOException {
    try (Stream<Path> children = Files.list(dir)) {
      return children.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void savesAndLoadsEveryPart() {
    CheckpointStore store = new CheckpointStore(dir, 2);
    Checkpoint first = checkpoint(1);
    Path saved = store.save(first, true);
    assertEquals(dir.resolve("epoch-0001"), saved);
    assertEquals(saved, store.latest().orElseThrow());
    assertEquals(saved, store.best().orElseThrow());
    assertSameCheckpoint(first, CheckpointStore.load(saved));
    Checkpoint second = checkpoint(2);
    store.save(second, false);
    assertSameCheckpoint(second, CheckpointStore.load(store.latest().orElseThrow()));
    assertEquals(saved, store.best().orElseThrow());
    assertEquals(dir.resolve("epoch-0002"), CheckpointStore.resolve(dir, CheckpointStore.LATEST));
    assertEquals(saved, CheckpointStore.resolve(dir, CheckpointStore.BEST));
    assertEquals(saved, CheckpointStore.resolve(saved, CheckpointStore.LATEST));
  }

  @Test
  void weightsAreInTorchvisionLayout() {
    Path saved = new CheckpointStore(dir, 1).save(checkpoint(1), true);
    try (SafetensorsFile weights = SafetensorsFile.open(saved.resolve("weights.safetensors"))) {
      // Canonical HWIO [3, 3, 3, 16] is stored as PyTorch's OIHW.
      assertEquals(Shape.of(16, 3, 3, 3), weights.info("conv1.weight").shape());
      assertEquals(Shape.of(3, 64), weights.info("fc.weight").shape());
      assertEquals(Map.of("format", "pt"), weights.metadata());
    }
  }

  @Test
  void keepsTheNewestAndTheBest() throws IOException {
    CheckpointStore store = new CheckpointStore(dir, 2);
    store.save(checkpoint(1), true);
    store.save(checkpoint(2), false);
    store.save(checkpoint(3), false);
    store.save(checkpoint(4), false);
    assertEquals(List.of("best", "epoch-0001", "epoch-0003", "epoch-0004", "latest"), entries());
  }

  @Test
  void aFailureInTheMiddleOfASaveLeavesThePreviousCheckpoint() throws IOException {
    for (String failingAfter : List.of("model.json", "weights.safetensors", "optimizer.safetensors", "state.json")) {
      Path run = Files.createDirectory(dir.resolve("after-" + failingAfter));
      Checkpoint first = checkpoint(1);
      new CheckpointStore(run, 2).save(first, true);
      CheckpointStore crashing =
          new CheckpointStore(
              run, 2,
              fileName -> {
                if (fileName.equals(failingAfter)) {
                  throw new IOException("simulated crash");
                }
              });
      UncheckedIOException crash = assertThrows(UncheckedIOException.class, () -> crashing.save(checkpoint(2), true));
      assertEquals(
          "cannot write checkpoint " + run.resolve("epoch-0002") + ": simulated crash", crash.getMessage());
      try (Stream<Path> children = Files.list(run)) {
        assertEquals(
            List.of("best", "epoch-0001", "latest"),
            children.map(p -> p.getFileName().toString()).sorted().toList(), failingAfter);
      }
      assertSameCheckpoint(first, CheckpointStore.load(crashing.latest().orElseThrow()));
      assertSameCheckpoint(first, CheckpointStore.load(crashing.best().orElseThrow()));
    }
  }

  @Test
  void aKilledSaveLeavesATemporaryFolderThatIsIgnoredAndCleanedUp() throws IOException {
    CheckpointStore store = new CheckpointStore(dir, 2);
    Checkpoint first = checkpoint(1);
    store.save(first, true);
    // What a SIGKILL during the second save leaves: a hidden folder with some of the files, half written.
    Path partial = Files.createDirectory(dir.resolve(".epoch-0002.0123456789abcdef.tmp"));
    Files.writeString(partial.resolve("model.json"), "{\"format\": \"jresnet-gr");
    assertSameCheckpoint(first, CheckpointStore.load(store.latest().orElseThrow()));
    store.save(checkpoint(2), false);
    assertEquals(List.of("best", "epoch-0001", "epoch-0002", "latest"), entries());
  }

  @Test
  void rerunningAnEpochAfterAResumeReplacesItsFolder() {
    CheckpointStore store = new CheckpointStore(dir, 3);
    store.save(checkpoint(1), true);
    store.save(checkpoint(2), false);
    Checkpoint again = checkpoint(2);
    again.weights().get("fc.bias")[0] = 42;
    store.save(again, false);
    assertSameCheckpoint(again, CheckpointStore.load(store.latest().orElseThrow()));
  }

  @Test
  void incompleteOrMissingCheckpointsAreNamed() throws IOException {
    Path saved = new CheckpointStore(dir, 1).save(checkpoint(1), true);
    Files.delete(saved.resolve("state.json"));
    ConfigException missing = assertThrows(ConfigException.class, () -> CheckpointStore.load(saved));
    assertEquals(saved.resolve("state.json") + ": missing: the checkpoint is incomplete", missing.getMessage());
    Path empty = Files.createDirectory(dir.resolve("empty"));
    assertEquals(
        empty + ": not a checkpoint (no state.json) and not a run folder (no 'latest' file)",
        assertThrows(ConfigException.class, () -> CheckpointStore.resolve(empty, CheckpointStore.LATEST))
            .getMessage());
    assertEquals(
        dir.resolve("nope") + ": no such checkpoint folder",
        assertThrows(
                ConfigException.class, () -> CheckpointStore.resolve(dir.resolve("nope"), CheckpointStore.LATEST))
            .getMessage());
    Files.writeString(dir.resolve("latest"), "../../etc\n");
    assertEquals(
        dir.resolve("latest") + ": expected a checkpoint folder name like epoch-0003, got '../../etc'",
        assertThrows(ConfigException.class, () -> new CheckpointStore(dir, 1).latest()).getMessage());
  }
}
