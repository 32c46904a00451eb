package io.jresnet.models.data;

import static io.jresnet.models.data.DataFiles.assertFails;
import static io.jresnet.models.data.DataFiles.example;
import static io.jresnet.models.data.DataFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jresnet.tensor.Shape;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the h5py-written fixtures of tools/data/make_hdf5_fixtures.py. */
class KerasHdf5ReaderTest {
  @TempDir Path dir;

  private static Path fixture(String name) {
    try {
      return Path.of(KerasHdf5ReaderTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The fixtures' pixel formula. */
  private static int pixel(int n, int y, int x, int c) {
    return (n * 37 + y * 11 + x * 5 + c * 3) % 256;
  }

  @Test
  void signsLayoutWithIntegerClasses() {
    ByteDataset data = KerasHdf5Reader.read(fixture("signs_like.h5"), "train");
    assertEquals(6, data.size());
    assertEquals(Shape.of(8, 8, 3), data.exampleShape());
    assertEquals(List.of("0", "1", "2"), data.classNames());
    int[] expected = {0, 1, 2, 2, 1, 0};
    for (int n = 0; n < 6; n++) {
      assertEquals(expected[n], data.label(n));
      float[] x = example(data, n);
      for (int y = 0; y < 8; y++) {
        for (int c = 0; c < 3; c++) {
          assertEquals(pixel(n, y, 7 - y, c), (int) x[(y * 8 + 7 - y) * 3 + c]);
        }
      }
    }
  }

  @Test
  void catLayoutWithRowLabelsAndStringClassesFoundByPrefix() {
    ByteDataset data = KerasHdf5Reader.read(fixture("cats_like.h5"));
    assertEquals(List.of("non-cat", "cat"), data.classNames());
    assertEquals(4, data.size());
    assertEquals(1, data.label(0));
    assertEquals(0, data.label(2));
    assertEquals(pixel(3, 7, 7, 2), (int) example(data, 3)[(7 * 8 + 7) * 3 + 2]);
  }

  @Test
  void faultyFiles() {
    Path bad = fixture("bad_label.h5");
    assertFails(bad, "'train_set_y' example 2 has label 7; 'list_classes' has 2 classes, so labels lie in [0, 2)",
        () -> KerasHdf5Reader.read(bad, "train"));
    Path mismatch = fixture("count_mismatch.h5");
    assertFails(mismatch, "'train_set_y' holds 2 labels, but 'train_set_x' holds 3 images",
        () -> KerasHdf5Reader.read(mismatch));
    Path floats = fixture("float_x.h5");
    assertFails(floats, "'train_set_x' is double [2, 4, 4, 3]; expected uint8 [N, H, W, C]",
        () -> KerasHdf5Reader.read(floats));
    Path noY = fixture("missing_y.h5");
    assertFails(noY, "has no data set 'train_set_y' at the root (found [", () -> KerasHdf5Reader.read(noY));
    Path signs = fixture("signs_like.h5");
    assertFails(signs, "has no data set 'test_set_x' at the root", () -> KerasHdf5Reader.read(signs, "test"));
    Path text = write(dir.resolve("text.h5"), "not hdf5 at all".getBytes());
    assertFails(text, "not a readable HDF5 file: ", () -> KerasHdf5Reader.read(text));
    Path none = dir.resolve("none.h5");
    assertFails(none, "no such file", () -> KerasHdf5Reader.read(none, "train"));
  }
}
