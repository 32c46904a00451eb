package io.jresnet.models.experiment;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A small experiment for trainer tests: resnet20 at 8x8x1 with 3 classes on IDX files of synthetic images whose
 * class is a brighter quadrant, so a few steps already learn something.
 */
final class TinyExperiment {
  static final int SIZE = 8;
  static final int CLASSES = 3;

  private TinyExperiment() {}

  /**
   * Writes {@code train} and {@code test} examples and an experiment file into {@code dir}; {@code extra} are
   * further top-level fields (each ending in a comma), e.g. {@code "\"label_smoothing\": 0.1,"}.
   */
  static Path write(Path dir, int train, int test, int epochs, String extra) throws IOException {
    writeSplit(dir, "train", train, 1);
    writeSplit(dir, "test", test, 2);
    Path file = dir.resolve("tiny.json");
    Files.writeString(
        file,
        """
        {
          "name": "tiny",
          "model": {"spec": "resnet20", "input": {"height": 8, "width": 8, "channels": 1}, "classes": 3},
          "data": {
            "kind": "idx",
            "train": {"images": "train-images", "labels": "train-labels"},
            "test": {"images": "test-images", "labels": "test-labels"},
            "augmentation": {"crop_padding": 1, "horizontal_flip": true, "mean": [0.3], "std": [0.3]}
          },
          "optimizer": {"type": "sgd", "lr": 0.05, "momentum": 0.9, "weight_decay": 0.0005,
                        "decay_norm_and_bias": false},
          "schedule": {"type": "cosine", "warmup_epochs": 1},
          %s
          "epochs": %d,
          "batch_size": 8,
          "seed": 11,
          "output": "run"
        }
        """
            .formatted(extra, epochs));
    return file;
  }

  private static void writeSplit(Path dir, String name, int count, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] images = new byte[count * SIZE * SIZE];
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      int label = random.nextInt(CLASSES);
      labels[i] = (byte) label;
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          int quadrant = (y < SIZE / 2 ? 0 : 1) + (x < SIZE / 2 ? 0 : 2);
          int value = random.nextInt(80) + (quadrant == label ? 150 : 0);
          images[i * SIZE * SIZE + y * SIZE + x] = (byte) value;
        }
      }
    }
    writeIdx(dir.resolve(name + "-images"), new int[] {count, SIZE, SIZE}, images);
    writeIdx(dir.resolve(name + "-labels"), new int[] {count}, labels);
  }

  /** An uncompressed IDX file of unsigned bytes. */
  private static void writeIdx(Path file, int[] dims, byte[] data) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        DataOutputStream idx = new DataOutputStream(out)) {
      idx.writeInt(0x0800 | dims.length);
      for (int d : dims) {
        idx.writeInt(d);
      }
      idx.write(data);
    }
  }
}
