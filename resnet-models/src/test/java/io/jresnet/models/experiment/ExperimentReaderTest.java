package io.jresnet.models.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.ConfigException;
import io.jresnet.models.InputSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExperimentReaderTest {
  /** A small valid experiment; tests edit one piece of it and check the exact message, pointer and position. */
  private static final String BASE =
      """
      {
        "name": "tiny",
        "model": {"spec": "resnet20", "input": {"height": 12, "width": 12, "channels": 1}, "classes": 4},
        "data": {
          "kind": "idx",
          "train": {"images": "train-images.gz", "labels": "train-labels.gz", "limit": 32},
          "test": {"images": "test-images.gz", "labels": "test-labels.gz"},
          "augmentation": {"crop_padding": 2, "horizontal_flip": true, "mean": [0.5], "std": [0.25]}
        },
        "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.9, "nesterov": true, "weight_decay": 0.0005},
        "schedule": {"type": "multi_step", "milestones": [2, 3], "gamma": 0.5, "warmup_epochs": 1},
        "epochs": 4,
        "batch_size": 8,
        "seed": 7,
        "output": "runs/tiny"
      }
      """;

  @TempDir Path dir;

  @BeforeEach
  void dataFiles() throws IOException {
    for (String name : List.of("train-images.gz", "train-labels.gz", "test-images.gz", "test-labels.gz")) {
      Files.writeString(dir.resolve(name), "");
    }
  }

  private Experiment parse(String json) {
    return ExperimentReader.parse(json, "tiny.json", dir);
  }

  private String error(String json) {
    return assertThrows(ConfigException.class, () -> parse(json)).getMessage();
  }

  private static String edit(String from, String to) {
    assertTrue(BASE.contains(from), from);
    return BASE.replace(from, to);
  }

  @Test
  void readsEveryFieldAndResolvesPathsAgainstTheFile() {
    Experiment e = parse(BASE);
    assertEquals("tiny", e.name());
    assertEquals("resnet20", e.modelSource());
    assertEquals(new InputSpec(12, 12, 1), e.model().input());
    assertEquals(4, e.model().head().classes());
    assertEquals(DatasetKind.IDX, e.data().kind());
    assertEquals(
        new PairedFiles(dir.resolve("train-images.gz"), dir.resolve("train-labels.gz")), e.data().train());
    assertEquals(32, e.data().trainLimit());
    assertEquals(0, e.data().testLimit());
    assertEquals(new AugmentationSpec(2, true, 1 / 255.0, List.of(0.5), List.of(0.25)), e.data().augmentation());
    assertEquals(
        new OptimizerSpec(OptimizerKind.SGD, 0.1, 0.9, true, 0.0005, 0.9, 0.999, 1e-8, true), e.optimizer());
    assertEquals(
        new ScheduleSpec(ScheduleKind.MULTI_STEP, 1, 1, List.of(2, 3), 0.5, 0, 25, 0.3), e.schedule());
    assertEquals(4, e.epochs());
    assertEquals(8, e.batchSize());
    assertEquals(7, e.seed());
    assertEquals(0.0, e.labelSmoothing());
    assertEquals("auto", e.backend());
    assertEquals(dir.resolve("runs/tiny"), e.output());
    assertEquals(2, e.keepCheckpoints());
  }

  @Test
  void readsAFileAndAdamDefaults() throws IOException {
    Path file = dir.resolve("exp.json");
    Files.writeString(
        file, edit("\"type\": \"sgd\", \"lr\": 0.1, \"momentum\": 0.9, \"nesterov\": true, \"weight_decay\": 0.0005",
            "\"type\": \"adamw\", \"lr\": 0.001, \"decay_norm_and_bias\": false"));
    Experiment e = ExperimentReader.read(file);
    assertEquals(file.toString(), e.file());
    assertEquals(
        new OptimizerSpec(OptimizerKind.ADAMW, 0.001, 0, false, 0.01, 0.9, 0.999, 1e-8, false), e.optimizer());
  }

  @Test
  void missingFileIsNamed() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> ExperimentReader.read(dir.resolve("absent.json")));
    assertEquals(dir.resolve("absent.json") + ": no such file", e.getMessage());
  }

  @Test
  void unknownFieldsSuggestTheClosest() {
    assertEquals(
        "tiny.json:13:3 at /batchsize: unknown field 'batchsize' (did you mean 'batch_size'?); allowed fields: name,"
            + " description, model, data, optimizer, schedule, epochs, batch_size, seed, label_smoothing, backend,"
            + " output, keep_checkpoints",
        error(edit("\"batch_size\"", "\"batchsize\"")));
  }

  @Test
  void missingRequiredFields() {
    assertEquals("tiny.json:1:1 at /: missing required field 'epochs'", error(edit("\"epochs\": 4,", "")));
    assertEquals(
        "tiny.json:3:12 at /model: missing required field 'spec'",
        error(edit("\"spec\": \"resnet20\", ", "")));
  }

  @Test
  void unknownModelListsTheZoo() {
    String message = error(edit("\"resnet20\"", "\"resnet21\""));
    assertTrue(
        message.startsWith(
            "tiny.json:3:21 at /model/spec: 'resnet21' is no zoo model and no file (looked for "
                + dir.resolve("resnet21") + "); give a zoo model (resnet18, "),
        message);
  }

  @Test
  void modelThatCannotTakeTheInputSizeIsReportedAtTheInput() {
    String message =
        error(edit("\"spec\": \"resnet20\", \"input\": {\"height\": 12, \"width\": 12",
            "\"spec\": \"resnet50-keras-64x64-6\", \"input\": {\"height\": 3, \"width\": 3"));
    assertTrue(
        message.startsWith("tiny.json:3:56 at /model/input: the model does not fit a 3x3 input: node 'maxpool': "),
        message);
  }

  @Test
  void datasetKindListsTheAllowedValues() {
    assertEquals(
        "tiny.json:5:13 at /data/kind: value 'mnist' is not allowed; allowed values: 'idx', 'cifar10',"
            + " 'image_folder', 'hdf5', 'npy'",
        error(edit("\"kind\": \"idx\"", "\"kind\": \"mnist\"")));
  }

  @Test
  void splitFieldsDependOnTheKind() {
    assertEquals(
        "tiny.json:6:15 at /data/train/images: unknown field 'images'; allowed fields: files, limit",
        error(edit("\"kind\": \"idx\"", "\"kind\": \"cifar10\"")));
  }

  @Test
  void missingDataFilesAreNamed() {
    assertEquals(
        "tiny.json:7:52 at /data/test/labels: no such file: " + dir.resolve("nope.gz"),
        error(edit("\"test-labels.gz\"", "\"nope.gz\"")));
  }

  @Test
  void normalisationNeedsOneValuePerChannel() {
    assertEquals(
        "tiny.json:8:74 at /data/augmentation/mean: expected exactly 1 items, got 3",
        error(edit("\"mean\": [0.5]", "\"mean\": [0.5, 0.5, 0.5]")));
    assertEquals(
        "tiny.json:8:89 at /data/augmentation/std/0: value 0 is out of range; allowed (0, 255]",
        error(edit("\"std\": [0.25]", "\"std\": [0]")));
  }

  @Test
  void optimizerTypeAndForeignFields() {
    assertEquals(
        "tiny.json:10:25 at /optimizer/type: value 'rmsprop' is not allowed; allowed values: 'sgd', 'adam', 'adamw'",
        error(edit("\"type\": \"sgd\"", "\"type\": \"rmsprop\"")));
    assertEquals(
        "tiny.json:10:56 at /optimizer/momentum: 'momentum' applies only to 'sgd'; remove it or change the type",
        error(edit("\"type\": \"sgd\"", "\"type\": \"adam\"")));
    assertEquals(
        "tiny.json:10:38 at /optimizer/lr: value 0 is out of range; allowed (0, 10]",
        error(edit("\"lr\": 0.1", "\"lr\": 0")));
    assertEquals(
        "tiny.json:10:72 at /optimizer/nesterov: Nesterov momentum needs a 'momentum' above 0",
        error(edit("\"momentum\": 0.9", "\"momentum\": 0.0")));
  }

  @Test
  void scheduleFieldsAreChecked() {
    assertEquals(
        "tiny.json:11:52 at /schedule/milestones: milestones must increase strictly; 2 follows 2",
        error(edit("[2, 3]", "[2, 2]")));
    assertEquals(
        "tiny.json:11:56 at /schedule/milestones/1: value 4 is out of range; allowed 1..3",
        error(edit("[2, 3]", "[2, 4]")));
    assertEquals(
        "tiny.json:11:48 at /schedule/milestones: 'milestones' does not apply to a 'cosine' schedule; its fields:"
            + " min_lr",
        error(edit("\"multi_step\"", "\"cosine\"")));
    assertEquals(
        "tiny.json:11:91 at /schedule/warmup_epochs: value 4 is out of range; allowed 0..3",
        error(edit("\"warmup_epochs\": 1", "\"warmup_epochs\": 4")));
  }

  @Test
  void scheduleFieldsThatContradictEachOther() {
    assertEquals(
        "tiny.json:11:73 at /schedule/warmup_epochs: 'warmup_epochs' does not apply to a 'one_cycle' schedule, which"
            + " rises on its own for 'pct_start' of the run",
        error(edit("\"type\": \"multi_step\", \"milestones\": [2, 3], \"gamma\": 0.5",
            "\"type\": \"one_cycle\", \"pct_start\": 0.25")));
    assertEquals(
        "tiny.json:11:44 at /schedule/min_lr: min_lr 0.5 is above the optimizer's lr 0.1",
        error(edit("\"type\": \"multi_step\", \"milestones\": [2, 3], \"gamma\": 0.5",
            "\"type\": \"cosine\", \"min_lr\": 0.5")));
  }

  @Test
  void scalarRanges() {
    assertEquals(
        "tiny.json:12:13 at /epochs: value 0 is out of range; allowed 1..100000",
        error(edit("\"epochs\": 4", "\"epochs\": 0")));
    assertEquals(
        "tiny.json:13:17 at /batch_size: expected an integer, got a string (\"8\")",
        error(edit("\"batch_size\": 8", "\"batch_size\": \"8\"")));
    assertEquals(
        "tiny.json:14:33 at /label_smoothing: value 1 is out of range; allowed [0, 1)",
        error(edit("\"seed\": 7,", "\"seed\": 7, \"label_smoothing\": 1,")));
    assertEquals(
        "tiny.json:14:25 at /backend: 'CPU!' is not a backend name; allowed values: 'auto', 'cpu', 'cuda'",
        error(edit("\"seed\": 7,", "\"seed\": 7, \"backend\": \"CPU!\",")));
  }

  @Test
  void malformedJsonHasAPosition() {
    String message = error(edit("\"epochs\": 4,", "\"epochs\": 4"));
    assertTrue(message.startsWith("tiny.json:13:3: malformed JSON: "), message);
  }
}
