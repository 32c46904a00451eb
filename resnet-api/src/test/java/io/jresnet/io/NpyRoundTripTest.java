package io.jresnet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.tensor.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyRoundTripTest {
  @TempDir Path dir;

  @Test
  void randomTensorsOfRankZeroToFiveRoundTrip() {
    Random random = new Random(424242L);
    for (int trial = 0; trial < 30; trial++) {
      int[] dims = new int[trial % 6];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(6);
      }
      Shape shape = Shape.of(dims);
      float[] data = new float[shape.size()];
      for (int i = 0; i < data.length; i++) {
        data[i] = (float) random.nextGaussian();
      }
      HostTensor tensor = new HostTensor(shape, data);
      Path file = dir.resolve("t" + trial + ".npy");
      Npy.write(file, tensor);
      assertEquals(tensor, Npy.read(file));
    }
  }

  @Test
  void theHeaderIsWhatNumpyWrites() throws IOException {
    Path file = dir.resolve("x.npy");
    Npy.write(file, new HostTensor(Shape.of(2, 3), new float[6]));
    byte[] bytes = Files.readAllBytes(file);
    assertEquals(0x93, bytes[0] & 0xFF);
    assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.US_ASCII));
    assertEquals(1, bytes[6]);
    assertEquals(0, bytes[7]);
    int headerLength = ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
    assertEquals(0, (10 + headerLength) % 64, "data aligned to 64 bytes");
    String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
    assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", header.stripTrailing());
    assertTrue(header.endsWith("\n"));
    assertEquals(10 + headerLength + 24, bytes.length);

    Npy.write(file, new HostTensor(Shape.of(7), new float[7]));
    assertTrue(Files.readString(file, StandardCharsets.ISO_8859_1).contains("'shape': (7,), }"));
    Npy.write(file, new HostTensor(Shape.of(), new float[1]));
    assertTrue(Files.readString(file, StandardCharsets.ISO_8859_1).contains("'shape': (), }"));
  }

  @Test
  void headersTooLongForVersion1AreWrittenAsVersion2() throws IOException {
    int[] ones = new int[25_000];
    Arrays.fill(ones, 1);
    HostTensor tensor = new HostTensor(Shape.of(ones), new float[] {42f});
    Path file = dir.resolve("rank25000.npy");
    Npy.write(file, tensor);
    byte[] bytes = Files.readAllBytes(file);
    assertEquals(2, bytes[6]);
    int headerLength = ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    assertTrue(headerLength > 0xFFFF);
    assertEquals(0, (12 + headerLength) % 64);
    assertEquals(tensor, Npy.read(file));
  }

  @Test
  void aMissingDirectoryIsReported() {
    Path file = dir.resolve("missing").resolve("x.npy");
    TensorFileException e = assertThrows(TensorFileException.class,
        () -> Npy.write(file, new HostTensor(Shape.of(1), new float[1])));
    assertEquals(file + ": cannot write: " + dir.resolve("missing") + ": directory does not exist", e.getMessage());
  }
}
