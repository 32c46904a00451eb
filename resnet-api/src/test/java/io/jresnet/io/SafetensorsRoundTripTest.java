package io.jresnet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.WeightsException;
import io.jresnet.tensor.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsRoundTripTest {
  @TempDir Path dir;

  @Test
  void randomTensorsRoundTripInOrderWithMetadata() throws IOException {
    Random random = new Random(20240611L);
    for (int trial = 0; trial < 20; trial++) {
      Map<String, HostTensor> tensors = new LinkedHashMap<>();
      int count = random.nextInt(6);
      for (int i = 0; i < count; i++) {
        tensors.put("layer" + random.nextInt(1000) + "." + i + ".weight", randomTensor(random, random.nextInt(5)));
      }
      Map<String, String> metadata = new LinkedHashMap<>();
      if (random.nextBoolean()) {
        metadata.put("format", "pt");
        metadata.put("note \"quoted\" ü", "trial " + trial);
      }
      Path file = dir.resolve("t" + trial + ".safetensors");
      SafetensorsWriter.write(file, tensors, metadata);
      try (SafetensorsFile read = SafetensorsFile.open(file)) {
        assertEquals(List.copyOf(tensors.keySet()), read.names());
        assertEquals(metadata, read.metadata());
        assertEquals(tensors, read.readAll());
        for (String name : tensors.keySet()) {
          assertEquals(SafetensorsDtype.F32, read.info(name).dtype());
          assertEquals(tensors.get(name).shape(), read.info(name).shape());
        }
      }
    }
  }

  @Test
  void rankZeroAndEmptyTensorsRoundTrip() {
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    tensors.put("scalar", new HostTensor(Shape.of(), new float[] {-7.25f}));
    tensors.put("empty", new HostTensor(Shape.of(0), new float[0]));
    tensors.put("empty4d", new HostTensor(Shape.of(2, 0, 3, 1), new float[0]));
    tensors.put("special", new HostTensor(Shape.of(5),
        new float[] {Float.NaN, Float.NEGATIVE_INFINITY, -0f, Float.MIN_VALUE, Float.MAX_VALUE}));
    Path file = dir.resolve("edge.safetensors");
    SafetensorsWriter.write(file, tensors);
    try (SafetensorsFile read = SafetensorsFile.open(file)) {
      assertEquals(tensors, read.readAll());
      assertEquals(Map.of(), read.metadata());
      assertEquals(0, read.info("empty4d").byteLength());
    }
  }

  @Test
  void noTensorsAtAllIsAValidFile() {
    Path file = dir.resolve("none.safetensors");
    SafetensorsWriter.write(file, Map.of(), Map.of("k", "v"));
    try (SafetensorsFile read = SafetensorsFile.open(file)) {
      assertEquals(List.of(), read.names());
      assertEquals(Map.of("k", "v"), read.metadata());
    }
  }

  @Test
  void layoutFollowsTheReferenceWriter() throws IOException {
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    tensors.put("b", new HostTensor(Shape.of(2), new float[] {1f, 2f}));
    tensors.put("a", new HostTensor(Shape.of(1, 1), new float[] {3f}));
    Path file = dir.resolve("layout.safetensors");
    SafetensorsWriter.write(file, tensors, Map.of("format", "pt"));
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = (int) bytes.getLong(0);
    assertEquals(0, headerLength % 8, "header padded to 8 bytes");
    String header = new String(bytes.array(), 8, headerLength, StandardCharsets.UTF_8);
    assertEquals("{\"__metadata__\":{\"format\":\"pt\"},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"a\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[8,12]}}", header.stripTrailing());
    assertTrue(header.substring(header.stripTrailing().length()).isBlank());
    assertEquals(8 + headerLength + 12, bytes.capacity());
    assertEquals(1f, bytes.getFloat(8 + headerLength));
    assertEquals(2f, bytes.getFloat(8 + headerLength + 4));
    assertEquals(3f, bytes.getFloat(8 + headerLength + 8));
  }

  @Test
  void overwritingReplacesThePreviousFile() {
    Path file = dir.resolve("w.safetensors");
    SafetensorsWriter.write(file, Map.of("x", new HostTensor(Shape.of(3), new float[] {1, 2, 3})));
    SafetensorsWriter.write(file, Map.of("y", new HostTensor(Shape.of(1), new float[] {9})));
    try (SafetensorsFile read = SafetensorsFile.open(file)) {
      assertEquals(List.of("y"), read.names());
      assertArrayEquals(new float[] {9}, read.read("y"));
    }
  }

  @Test
  void largeTensorsSpanManyReadChunks() {
    Random random = new Random(7);
    float[] data = new float[(3 << 20) / 4 + 123];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextFloat();
    }
    Path file = dir.resolve("big.safetensors");
    SafetensorsWriter.write(file, Map.of("big", new HostTensor(Shape.of(data.length), data)));
    try (SafetensorsFile read = SafetensorsFile.open(file)) {
      assertArrayEquals(data, read.read("big"));
    }
  }

  @Test
  void theMetadataNameIsReservedAndNothingIsWritten() {
    Path file = dir.resolve("reserved.safetensors");
    WeightsException e = assertThrows(WeightsException.class, () -> SafetensorsWriter.write(file,
        Map.of("__metadata__", new HostTensor(Shape.of(1), new float[1]))));
    SafetensorsBytes.assertNames(e, file, "__metadata__", "reserved for the metadata");
    assertFalse(Files.exists(file));
  }

  @Test
  void aMissingDirectoryIsReported() {
    Path file = dir.resolve("missing").resolve("w.safetensors");
    WeightsException e = assertThrows(WeightsException.class, () -> SafetensorsWriter.write(file, Map.of()));
    SafetensorsBytes.assertNames(e, file, null, dir.resolve("missing") + ": directory does not exist");
  }

  @Test
  void closedFilesRefuseReads() {
    Path file = dir.resolve("c.safetensors");
    SafetensorsWriter.write(file, Map.of("x", new HostTensor(Shape.of(1), new float[1])));
    SafetensorsFile open = SafetensorsFile.open(file);
    open.close();
    open.close();
    assertThrows(IllegalStateException.class, () -> open.read("x"));
  }

  private static HostTensor randomTensor(Random random, int rank) {
    int[] dims = new int[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(5);
    }
    Shape shape = Shape.of(dims);
    float[] data = new float[shape.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian();
    }
    return new HostTensor(shape, data);
  }
}
