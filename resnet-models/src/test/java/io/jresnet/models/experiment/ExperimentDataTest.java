package io.jresnet.models.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.ConfigException;
import io.jresnet.models.data.Batch;
import io.jresnet.models.data.DataLoader;
import io.jresnet.models.data.Dataset;
import io.jresnet.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentDataTest {
  @TempDir Path dir;

  private Experiment experiment(String from, String to) throws IOException {
    Path file = TinyExperiment.write(dir, 16, 6, 2, "");
    Files.writeString(file, Files.readString(file).replace(from, to));
    return ExperimentReader.read(file);
  }

  @Test
  void opensBothSplitsWithTheirLimitsAndNormalisesLikeTheSpec() throws IOException {
    Experiment e = experiment("\"labels\": \"train-labels\"", "\"labels\": \"train-labels\", \"limit\": 10");
    Dataset train = ExperimentData.open(e, true);
    Dataset test = ExperimentData.open(e, false);
    assertEquals(10, train.size());
    assertEquals(6, test.size());
    assertEquals(Shape.of(8, 8, 1), train.exampleShape());
    DataLoader loader = ExperimentData.testLoader(e, test);
    Batch first = loader.batch(0, 0);
    float[] raw = new float[64];
    test.example(0, raw);
    // mean 0.3, std 0.3 after scaling 0..255 to 0..1
    assertEquals((raw[5] / 255 - 0.3) / 0.3, first.x()[5], 1e-6);
    assertEquals(2, ExperimentData.trainLoader(e, train).batchesPerEpoch());
    // Numbered from the labels: all three classes occur in the training data.
    assertEquals(List.of("0", "1", "2"), train.classNames());
  }

  @Test
  void dataThatDoNotFitTheModelAreNamed() throws IOException {
    Experiment wide = experiment("\"height\": 8, \"width\": 8", "\"height\": 9, \"width\": 8");
    assertEquals(
        dir.resolve("tiny.json") + " at /data/train: the train examples are 8x8x1 but the model takes 9x8x1; set"
            + " model.input to the data's size",
        assertThrows(ConfigException.class, () -> ExperimentData.open(wide, true)).getMessage());
    Experiment two = experiment("\"classes\": 3", "\"classes\": 2");
    assertEquals(
        dir.resolve("tiny.json") + " at /data/train: the train data have 3 classes but the model has 2; set"
            + " model.classes to 3",
        assertThrows(ConfigException.class, () -> ExperimentData.open(two, true)).getMessage());
  }
}
