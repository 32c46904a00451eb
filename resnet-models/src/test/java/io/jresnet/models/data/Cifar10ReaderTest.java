package io.jresnet.models.data;

import static io.jresnet.models.data.DataFiles.assertFails;
import static io.jresnet.models.data.DataFiles.example;
import static io.jresnet.models.data.DataFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jresnet.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10ReaderTest {
  private static final List<String> NAMES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
      "horse", "ship", "truck");

  @TempDir Path dir;

  /** Record {@code r}: label {@code r % 10}; plane p, pixel i holds {@code (r * 31 + p * 100 + i) % 256}. */
  private static byte[] records(int first, int count) {
    byte[] bytes = new byte[count * Cifar10Reader.RECORD_BYTES];
    for (int k = 0; k < count; k++) {
      int r = first + k;
      int at = k * Cifar10Reader.RECORD_BYTES;
      bytes[at] = (byte) (r % 10);
      for (int p = 0; p < 3; p++) {
        for (int i = 0; i < 1024; i++) {
          bytes[at + 1 + p * 1024 + i] = (byte) (r * 31 + p * 100 + i);
        }
      }
    }
    return bytes;
  }

  private void writeFolder() throws IOException {
    for (int b = 1; b <= 5; b++) {
      write(dir.resolve("data_batch_" + b + ".bin"), records((b - 1) * 3, 3));
    }
    write(dir.resolve("test_batch.bin"), records(100, 2));
    Files.writeString(dir.resolve("batches.meta.txt"), String.join("\n", NAMES) + "\n\n");
  }

  @Test
  void planesBecomeInterleavedPixels() throws IOException {
    writeFolder();
    ByteDataset train = Cifar10Reader.read(dir, true);
    assertEquals(15, train.size());
    assertEquals(Shape.of(32, 32, 3), train.exampleShape());
    assertEquals(NAMES, train.classNames());
    for (int r = 0; r < 15; r++) {
      assertEquals(r % 10, train.label(r));
      float[] x = example(train, r);
      // Pixel (row 5, column 7) is plane index 5 * 32 + 7 in each colour plane.
      int i = 5 * 32 + 7;
      for (int c = 0; c < 3; c++) {
        assertEquals((r * 31 + c * 100 + i) & 0xFF, (int) x[i * 3 + c], "record " + r + " channel " + c);
      }
    }
    ByteDataset test = Cifar10Reader.read(dir, false);
    assertEquals(2, test.size());
    assertEquals(1, test.label(1));
    assertEquals((101 * 31 + 200) & 0xFF, (int) example(test, 1)[2]);
  }

  @Test
  void incompleteRecordsAndBadLabels() throws IOException {
    Path cut = write(dir.resolve("cut.bin"), Arrays.copyOf(records(0, 3), 2 * 3073 + 100));
    assertFails(cut, "the file ends inside record 2 (100 of its 3073 bytes present); CIFAR-10 files are whole"
        + " 3073-byte records", () -> Cifar10Reader.read(List.of(cut), NAMES));
    byte[] bad = records(0, 4);
    bad[3 * 3073] = 10;
    Path badLabel = write(dir.resolve("bad.bin"), bad);
    assertFails(badLabel, "record 3 has label 10; there are 10 classes, so labels lie in [0, 10)",
        () -> Cifar10Reader.read(List.of(badLabel), NAMES));
    Path missing = dir.resolve("data_batch_1.bin");
    Files.writeString(dir.resolve("batches.meta.txt"), "a\nb\n");
    assertFails(missing, "no such file", () -> Cifar10Reader.read(dir, true));
    Path none = dir.resolve("none");
    assertFails(none, "no such folder (expected CIFAR-10 binary batches in it)", () -> Cifar10Reader.read(none, true));
    Files.delete(dir.resolve("batches.meta.txt"));
    write(dir.resolve("test_batch.bin"), records(0, 1));
    assertFails(dir.resolve("batches.meta.txt"), "no such file (expected the class names, one per line)",
        () -> Cifar10Reader.read(dir, false));
  }

  @Test
  void classNameFiles() throws IOException {
    Path twice = dir.resolve("twice.txt");
    Files.writeString(twice, "cat\n dog \ncat\n");
    assertFails(twice, "line 3 names class 'cat' a second time", () -> ClassNames.read(twice));
    Path blank = dir.resolve("blank.txt");
    Files.writeString(blank, "\n  \n");
    assertFails(blank, "holds no class names (expected one per line)", () -> ClassNames.read(blank));
    Path ok = dir.resolve("ok.txt");
    Files.writeString(ok, " cat\r\n\ndog\n");
    assertEquals(List.of("cat", "dog"), ClassNames.read(ok));
    assertEquals(List.of("0", "1", "2"), ClassNames.numbered(3));
  }
}
