package io.jresnet.models.data;

import static io.jresnet.models.data.DataFiles.assertFails;
import static io.jresnet.models.data.DataFiles.example;
import static io.jresnet.models.data.DataFiles.gzip;
import static io.jresnet.models.data.DataFiles.idx;
import static io.jresnet.models.data.DataFiles.pattern;
import static io.jresnet.models.data.DataFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jresnet.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  private static final Path SUBSET = Path.of("../examples/data/fashion-mnist-subset");

  @TempDir Path dir;

  @Test
  void rawAndGzipFilesRoundTrip() {
    byte[] pixels = pattern(5 * 4 * 3, 11);
    byte[] labels = {2, 0, 1, 2, 1};
    for (boolean compressed : new boolean[] {false, true}) {
      byte[] x = idx(new int[] {5, 4, 3}, pixels);
      byte[] y = idx(new int[] {5}, labels);
      Path images = write(dir.resolve("x" + compressed), compressed ? gzip(x) : x);
      Path labelFile = write(dir.resolve("y" + compressed), compressed ? gzip(y) : y);
      ByteDataset data = IdxReader.read(images, labelFile);
      assertEquals(5, data.size());
      assertEquals(Shape.of(4, 3, 1), data.exampleShape());
      assertEquals(List.of("0", "1", "2"), data.classNames());
      for (int i = 0; i < 5; i++) {
        assertEquals(labels[i], data.label(i));
        float[] expected = new float[12];
        for (int p = 0; p < 12; p++) {
          expected[p] = pixels[i * 12 + p] & 0xFF;
        }
        assertArrayEquals(expected, example(data, i));
      }
    }
  }

  @Test
  void fourDimensionalImagesHaveChannelsAndNamedClasses() {
    Path images = write(dir.resolve("x"), idx(new int[] {2, 2, 2, 3}, pattern(24, 0)));
    Path labels = write(dir.resolve("y"), idx(new int[] {2}, new byte[] {1, 0}));
    ByteDataset data = IdxReader.read(images, labels, List.of("cat", "dog", "emu"));
    assertEquals(Shape.of(2, 2, 3), data.exampleShape());
    assertEquals(3, data.classCount());
    float[] dst = new float[30];
    data.example(1, dst, 6);
    assertEquals(pattern(24, 0)[12] & 0xFF, dst[6]);
  }

  @Test
  void theBundledFashionSubset() {
    ByteDataset train = IdxReader.readSplit(SUBSET, "train");
    ByteDataset test = IdxReader.readSplit(SUBSET, "t10k");
    assertEquals(10_000, train.size());
    assertEquals(2_000, test.size());
    assertEquals(Shape.of(28, 28, 1), train.exampleShape());
    assertEquals(List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
        "Ankle boot"), train.classNames());
    assertArrayEquals(new int[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, histogram(train));
    assertArrayEquals(new int[] {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}, histogram(test));
    // Figures from numpy over the same files (tools/data/make_fashion_subset.py's output).
    int[] first = new int[12];
    for (int i = 0; i < first.length; i++) {
      first[i] = train.label(i);
    }
    assertArrayEquals(new int[] {9, 0, 0, 3, 0, 2, 7, 2, 5, 5, 0, 9}, first);
    assertEquals(76247, sum(example(train, 0)));
    assertEquals(88546, sum(example(train, 9999)));
    assertEquals(33456, sum(example(test, 0)));
    assertEquals(59915, sum(example(test, 1999)));
    float[] row = Arrays.copyOfRange(example(test, 0), 14 * 28, 15 * 28);
    assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 2, 4, 1, 0, 0, 0, 98, 136, 110, 109, 110, 162, 135, 144, 149, 159,
        167, 144, 158, 169, 119, 0}, row);
  }

  @Test
  void headersThatAreNotIdxUnsignedBytes() {
    Path text = write(dir.resolve("text"), "hello".getBytes());
    Path labels = write(dir.resolve("y"), idx(new int[] {1}, new byte[1]));
    assertFails(text, "not an IDX file: it starts with bytes [68 65 6c 6c], not 00 00 <type> <rank>",
        () -> IdxReader.read(text, labels));
    byte[] floats = idx(new int[] {1, 1, 1}, new byte[4]);
    floats[2] = 0x0D;
    Path floatFile = write(dir.resolve("floats"), floats);
    assertFails(floatFile, "element type 0x0D (float) is not supported; IDX image files hold unsigned bytes (0x08)",
        () -> IdxReader.read(floatFile, labels));
    Path rank2 = write(dir.resolve("rank2"), idx(new int[] {1, 4}, new byte[4]));
    assertFails(rank2, "has 2 dimensions, but an IDX image file has 3 to 4 (the image count first)",
        () -> IdxReader.read(rank2, labels));
    Path images = write(dir.resolve("x"), idx(new int[] {1, 2, 2}, new byte[4]));
    assertFails(rank2, "has 2 dimensions, but an IDX label file has 1 (the label count first)",
        () -> IdxReader.read(images, rank2));
    Path zeroRows = write(dir.resolve("zero"), idx(new int[] {1, 0, 2}, new byte[0]));
    assertFails(zeroRows, "dimension 1 of the header is 0, not a positive size", () -> IdxReader.read(zeroRows, labels));
    Path cut = write(dir.resolve("cut"), Arrays.copyOf(idx(new int[] {1, 2, 2}, new byte[0]), 9));
    assertFails(cut, "the file ends inside the IDX header (3 dimensions announced)", () -> IdxReader.read(cut, labels));
    Path huge = write(dir.resolve("huge"), idx(new int[] {100_000, 1000, 1000}, new byte[0]));
    assertFails(huge, "the header's dimensions [100000, 1000, 1000] add up to 100000000000 bytes, more than a Java"
        + " array holds", () -> IdxReader.read(huge, labels));
  }

  @Test
  void truncatedFilesNameTheRecordTheyEndIn() {
    byte[] full = idx(new int[] {4, 3, 3}, pattern(36, 1));
    Path labels = write(dir.resolve("y"), idx(new int[] {4}, new byte[4]));
    Path raw = write(dir.resolve("raw"), Arrays.copyOf(full, full.length - 10));
    assertFails(raw, "the file ends inside image 2 of 4 (26 of 36 data bytes present); is it truncated?",
        () -> IdxReader.read(raw, labels));
    byte[] compressed = gzip(full);
    Path gz = write(dir.resolve("gz"), Arrays.copyOf(compressed, compressed.length - 12));
    assertFails(gz, "the file ends inside image", () -> IdxReader.read(gz, labels));
    // A header that promises far more than a small gzip file holds fails on the data, not on memory.
    Path liar = write(dir.resolve("liar.gz"), gzip(idx(new int[] {1_000_000, 28, 28}, pattern(784 * 3, 0))));
    assertFails(liar, "the file ends inside image 3 of 1000000 (2352 of 784000000 data bytes present)",
        () -> IdxReader.read(liar, labels));
  }

  @Test
  void corruptGzipDataAndTrailingBytes() {
    byte[] compressed = gzip(idx(new int[] {2, 2, 2}, pattern(8, 3)));
    Path labels = write(dir.resolve("y"), idx(new int[] {2}, new byte[2]));
    byte[] badCrc = compressed.clone();
    badCrc[badCrc.length - 6] ^= 0x55;
    Path crc = write(dir.resolve("crc.gz"), badCrc);
    assertFails(crc, "corrupt gzip data after the last of its 2 images", () -> IdxReader.read(crc, labels));
    Path extra = write(dir.resolve("extra"), idx(new int[] {2, 2, 2}, pattern(9, 3)));
    assertFails(extra, "has bytes after the last of its 2 images", () -> IdxReader.read(extra, labels));
  }

  @Test
  void labelsThatDoNotFit() {
    Path images = write(dir.resolve("x"), idx(new int[] {3, 1, 1}, new byte[3]));
    Path two = write(dir.resolve("two"), idx(new int[] {2}, new byte[2]));
    assertFails(two, "holds 2 labels, but " + images + " holds 3 images", () -> IdxReader.read(images, two));
    Path labels = write(dir.resolve("y"), idx(new int[] {3}, new byte[] {0, 1, 5}));
    assertFails(labels, "example 2 has label 5; there are 2 classes, so labels lie in [0, 2)",
        () -> IdxReader.read(images, labels, List.of("a", "b")));
  }

  @Test
  void missingFilesAndFolders() throws Exception {
    Path none = dir.resolve("none");
    assertFails(none, "no such file", () -> IdxReader.read(none, none));
    assertFails(dir, "is a directory, not an IDX file", () -> IdxReader.read(dir, dir));
    assertFails(none, "no such folder", () -> IdxReader.readSplit(none, "train"));
    assertFails(dir, "has no train-images-idx3-ubyte (nor .gz, nor train-images.idx3-ubyte[.gz])",
        () -> IdxReader.readSplit(dir, "train"));
    write(dir.resolve("train-images.idx3-ubyte"), idx(new int[] {1, 1, 1}, new byte[1]));
    write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(idx(new int[] {1}, new byte[] {3})));
    assertEquals(4, IdxReader.readSplit(dir, "train").classCount());
    Files.writeString(dir.resolve("classes.txt"), "one\n\ntwo\n");
    assertFails(dir.resolve("train-labels-idx1-ubyte.gz"), "example 0 has label 3; there are 2 classes",
        () -> IdxReader.readSplit(dir, "train"));
  }

  private static int[] histogram(Dataset data) {
    int[] counts = new int[data.classCount()];
    for (int i = 0; i < data.size(); i++) {
      counts[data.label(i)]++;
    }
    return counts;
  }

  private static long sum(float[] values) {
    long total = 0;
    for (float v : values) {
      total += (long) v;
    }
    return total;
  }
}
