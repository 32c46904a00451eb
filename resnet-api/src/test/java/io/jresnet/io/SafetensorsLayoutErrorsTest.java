package io.jresnet.io;

import static io.jresnet.io.SafetensorsBytes.assertOpenFails;
import static io.jresnet.io.SafetensorsBytes.entry;
import static io.jresnet.io.SafetensorsBytes.write;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.WeightsException;
import io.jresnet.tensor.Shape;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the header claims about dtypes, shapes and offsets, checked against the file before anything is allocated. */
class SafetensorsLayoutErrorsTest {
  @TempDir Path dir;

  private Path one(String name, String entry, int dataBytes) throws IOException {
    return write(dir.resolve(name), "{\"w\":" + entry + "}", dataBytes);
  }

  @Test
  void unknownDtypes() throws IOException {
    assertOpenFails(one("f7.safetensors", entry("F7", "[1]", "[0,4]"), 4), "w",
        "unknown dtype 'F7'; safetensors defines [BOOL, U8, I8");
    assertOpenFails(one("lower.safetensors", entry("f32", "[1]", "[0,4]"), 4), "w", "unknown dtype 'f32'");
  }

  @Test
  void impossibleShapes() throws IOException {
    assertOpenFails(one("neg.safetensors", entry("F32", "[2,-1]", "[0,4]"), 4), "w",
        "shape [2, -1] has a negative dimension");
    assertOpenFails(one("wide.safetensors", entry("F32", "[2147483648]", "[0,4]"), 4), "w",
        "shape [2147483648] has a dimension over 2^31-1");
    assertOpenFails(one("int.safetensors", entry("F32", "[65536,65536]", "[0,4]"), 4), "w",
        "shape [65536, 65536] has more than 2^31-1 elements");
    assertOpenFails(one("long.safetensors", entry("U8", "[2147483647,2147483647,2147483647]", "[0,4]"), 4), "w",
        "shape [2147483647, 2147483647, 2147483647] has more than 2^31-1 elements");
  }

  @Test
  void messagesQuoteLongShapesOnlyInPart() throws IOException {
    String shape = "[" + "1,".repeat(100_000) + "-1]";
    Path file = one("long.safetensors", entry("F32", shape, "[0,4]"), 4);
    WeightsException e = assertOpenFails(file, "w", "shape [1, 1, 1,");
    assertTrue(e.getMessage().length() < file.toString().length() + 200, e.getMessage());
    assertTrue(e.getMessage().endsWith("... has a negative dimension"), e.getMessage());
  }

  @Test
  void offsetsOutOfRange() throws IOException {
    assertOpenFails(one("three.safetensors", entry("F32", "[1]", "[0,4,8]"), 8), "w",
        "data_offsets [0, 4, 8] must be two numbers, [begin, end]");
    assertOpenFails(one("neg.safetensors", entry("F32", "[1]", "[-4,0]"), 4), "w", "data_offsets [-4, 0] are negative");
    assertOpenFails(one("rev.safetensors", entry("F32", "[1]", "[4,0]"), 4), "w",
        "data_offsets [4, 0] end before they begin");
    assertOpenFails(one("past.safetensors", entry("F32", "[2]", "[0,8]"), 4), "w",
        "data_offsets [0, 8] run past the end of the data, which holds 4 bytes");
    assertOpenFails(one("far.safetensors", entry("F32", "[1]", "[4611686018427387904,4611686018427387908]"), 4), "w",
        "run past the end of the data, which holds 4 bytes");
  }

  @Test
  void byteLengthsThatDisagreeWithTheShape() throws IOException {
    assertOpenFails(one("f32.safetensors", entry("F32", "[2,2]", "[0,12]"), 12), "w",
        "shape [2, 2] of F32 needs 16 bytes, but data_offsets [0, 12] span 12");
    assertOpenFails(one("f16.safetensors", entry("F16", "[3]", "[0,12]"), 12), "w",
        "shape [3] of F16 needs 6 bytes, but data_offsets [0, 12] span 12");
    assertOpenFails(one("empty.safetensors", entry("F32", "[0,5]", "[0,4]"), 4), "w",
        "shape [0, 5] of F32 needs 0 bytes, but data_offsets [0, 4] span 4");
  }

  @Test
  void overlappingTensors() throws IOException {
    String partial = "{\"a\":" + entry("F32", "[2]", "[0,8]") + ",\"b\":" + entry("F32", "[2]", "[4,12]") + "}";
    WeightsException e = assertOpenFails(write(dir.resolve("partial.safetensors"), partial, 12), "b",
        "data_offsets [4, 12] overlap tensor 'a' at [0, 8]");
    String same = "{\"a\":" + entry("F32", "[2]", "[0,8]") + ",\"b\":" + entry("I32", "[2]", "[0,8]") + "}";
    assertOpenFails(write(dir.resolve("same.safetensors"), same, 8), "b", "overlap tensor 'a' at [0, 8]");
    String inside = "{\"a\":" + entry("F32", "[4]", "[0,16]") + ",\"z\":" + entry("F32", "[0]", "[8,8]") + "}";
    assertOpenFails(write(dir.resolve("inside.safetensors"), inside, 16), "z", "overlap tensor 'a' at [0, 16]");
  }

  @Test
  void bytesNoTensorDescribes() throws IOException {
    String hole = "{\"a\":" + entry("F32", "[1]", "[0,4]") + ",\"b\":" + entry("F32", "[1]", "[8,12]") + "}";
    assertOpenFails(write(dir.resolve("hole.safetensors"), hole, 12), "b",
        "data_offsets [8, 12] leave bytes [4, 8) before it unused");
    assertOpenFails(one("late.safetensors", entry("F32", "[1]", "[4,8]"), 8), "w",
        "leave bytes [0, 4) before it unused");
    assertOpenFails(one("tail.safetensors", entry("F32", "[1]", "[0,4]"), 8), null,
        "the data holds 8 bytes but the tensors cover only 4, up to the end of tensor 'w'");
    assertOpenFails(write(dir.resolve("nothing.safetensors"), "{}", 4), null,
        "the data holds 4 bytes but the tensors cover only 0;");
  }

  @Test
  void truncatedFiles() throws IOException {
    Path file = dir.resolve("cut.safetensors");
    SafetensorsWriter.write(file, Map.of("w", new HostTensor(Shape.of(4), new float[] {1, 2, 3, 4})));
    byte[] whole = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(whole, whole.length - 3));
    assertOpenFails(file, "w", "data_offsets [0, 16] run past the end of the data, which holds 13 bytes; is the file"
        + " truncated?");
    Files.write(file, Arrays.copyOf(whole, 20));
    assertOpenFails(file, null, "runs past the end of the file (20 bytes)");
  }

  @Test
  void filesTruncatedAfterOpeningFailOnRead() throws IOException {
    Path file = dir.resolve("shrinks.safetensors");
    SafetensorsWriter.write(file, Map.of("w", new HostTensor(Shape.of(4), new float[] {1, 2, 3, 4})));
    try (SafetensorsFile open = SafetensorsFile.open(file)) {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.truncate(Files.size(file) - 4);
      }
      WeightsException e = assertThrows(WeightsException.class, () -> open.read("w"));
      SafetensorsBytes.assertNames(e, file, "w", "the file ends inside this tensor's data; was it truncated after"
          + " opening?");
    }
  }
}
