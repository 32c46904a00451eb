package io.jresnet.cli;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A training experiment small enough for CLI tests on the reference backend: resnet20 at 8x8x1, 3 classes, 16
 * training and 6 test images (IDX) whose class is their brightest quadrant, batch 8.
 */
final class TinyTraining {
  private TinyTraining() {}

  /** Writes the data and {@code tiny.json} (output folder {@code run}) into {@code dir}; returns the file. */
  static Path write(Path dir, int epochs) throws IOException {
    writeSplit(dir, "train", 16, 1);
    writeSplit(dir, "test", 6, 2);
    Files.writeString(dir.resolve("classes.txt"), "top-left\nbottom-left\ntop-right\n");
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
            "augmentation": {"crop_padding": 1, "mean": [0.3], "std": [0.3]}
          },
          "optimizer": {"type": "adam", "lr": 0.01},
          "epochs": %d,
          "batch_size": 8,
          "seed": 5,
          "backend": "reference",
          "output": "run"
        }
        """
            .formatted(epochs));
    return file;
  }

  private static void writeSplit(Path dir, String name, int count, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] images = new byte[count * 64];
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      int label = random.nextInt(3);
      labels[i] = (byte) label;
      for (int p = 0; p < 64; p++) {
        int quadrant = (p / 8 < 4 ? 0 : 1) + (p % 8 < 4 ? 0 : 2);
        images[i * 64 + p] = (byte) (random.nextInt(80) + (quadrant == label ? 150 : 0));
      }
    }
    writeIdx(dir.resolve(name + "-images"), new int[] {count, 8, 8}, images);
    writeIdx(dir.resolve(name + "-labels"), new int[] {count}, labels);
  }

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
