package io.jresnet.models.data;

import static io.jresnet.models.data.DataFiles.assertFails;
import static io.jresnet.models.data.DataFiles.example;
import static io.jresnet.models.data.DataFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jresnet.io.HostTensor;
import io.jresnet.io.Npy;
import io.jresnet.tensor.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyPairReaderTest {
  @TempDir Path dir;

  /** A version 1.0 .npy file of {@code descr} and {@code shape} (a Python tuple literal) holding {@code data}. */
  private Path npy(String name, String descr, String shape, byte[] data) {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }\n";
    byte[] header = dict.getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer out = ByteBuffer.allocate(10 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length);
    return write(dir.resolve(name), out.put(header).put(data).array());
  }

  private static byte[] int64s(long... values) {
    ByteBuffer out = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long v : values) {
      out.putLong(v);
    }
    return out.array();
  }

  @Test
  void float32ImagesWithInt64Labels() {
    float[] values = new float[3 * 2 * 2 * 3];
    for (int i = 0; i < values.length; i++) {
      values[i] = i * 0.25f - 2;
    }
    Path x = dir.resolve("x.npy");
    Npy.write(x, new HostTensor(Shape.of(3, 2, 2, 3), values));
    Path y = npy("y.npy", "<i8", "(3,)", int64s(4, 0, 2));
    FloatDataset data = NpyPairReader.read(x, y);
    assertEquals(Shape.of(2, 2, 3), data.exampleShape());
    assertEquals(List.of("0", "1", "2", "3", "4"), data.classNames());
    assertEquals(4, data.label(0));
    float[] second = new float[12];
    System.arraycopy(values, 12, second, 0, 12);
    assertArrayEquals(second, example(data, 1));
  }

  @Test
  void uint8ImagesWithoutChannelsAndFloatLabels() {
    Path x = npy("x.npy", "|u1", "(2, 2, 3)", new byte[] {0, 1, 2, 3, 4, 5, (byte) 250, 7, 8, 9, 10, (byte) 255});
    Path y = dir.resolve("y.npy");
    Npy.write(y, new HostTensor(Shape.of(2), new float[] {1, 0}));
    FloatDataset data = NpyPairReader.read(x, y, List.of("no", "yes"));
    assertEquals(Shape.of(2, 3, 1), data.exampleShape());
    assertArrayEquals(new float[] {250, 7, 8, 9, 10, 255}, example(data, 1));
  }

  @Test
  void faultyPairs() {
    Path x = dir.resolve("x.npy");
    Npy.write(x, new HostTensor(Shape.of(2, 1, 1, 1), new float[2]));
    Path y = npy("y.npy", "<i8", "(2,)", int64s(0, 3));
    assertFails(y, "example 1 has label 3; there are 2 classes, so labels lie in [0, 2)",
        () -> NpyPairReader.read(x, y, List.of("a", "b")));
    Path negative = npy("neg.npy", "<i8", "(2,)", int64s(0, -1));
    assertFails(negative, "example 1 has label -1.0; labels are class indices 0, 1, 2, ...",
        () -> NpyPairReader.read(x, negative));
    Path fraction = dir.resolve("frac.npy");
    Npy.write(fraction, new HostTensor(Shape.of(2), new float[] {0.5f, 1}));
    assertFails(fraction, "example 0 has label 0.5", () -> NpyPairReader.read(x, fraction));
    Path three = npy("three.npy", "<i8", "(3,)", int64s(0, 1, 1));
    assertFails(three, "holds 3 labels, but " + x + " holds 2 images", () -> NpyPairReader.read(x, three));
    Path matrix = npy("m.npy", "<i8", "(2, 1)", int64s(0, 1));
    assertFails(matrix, "has shape [2, 1]; expected labels [N]", () -> NpyPairReader.read(x, matrix));
    Path flat = dir.resolve("flat.npy");
    Npy.write(flat, new HostTensor(Shape.of(2, 4), new float[8]));
    assertFails(flat, "has shape [2, 4]; expected images [N, H, W, C] or [N, H, W]", () -> NpyPairReader.read(flat, y));
    Path i2 = npy("i2.npy", "<i2", "(2,)", new byte[4]);
    assertFails(i2, "dtype '<i2' is not supported", () -> NpyPairReader.read(x, i2));
    Path none = dir.resolve("none.npy");
    assertFails(none, "file not found", () -> NpyPairReader.read(none, y));
  }
}
