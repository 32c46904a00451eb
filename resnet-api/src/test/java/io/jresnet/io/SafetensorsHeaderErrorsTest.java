package io.jresnet.io;

import static io.jresnet.io.SafetensorsBytes.assertOpenFails;
import static io.jresnet.io.SafetensorsBytes.entry;
import static io.jresnet.io.SafetensorsBytes.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The length prefix and the JSON of the header: every lie is a WeightsException naming file and tensor. */
class SafetensorsHeaderErrorsTest {
  private static final String W = entry("F32", "[1]", "[0,4]");

  @TempDir Path dir;

  @Test
  void filesTooShortForTheLengthPrefix() throws IOException {
    Path empty = Files.write(dir.resolve("empty.safetensors"), new byte[0]);
    assertOpenFails(empty, null, "the file has 0 bytes, too few for the 8-byte header length");
    Path five = Files.write(dir.resolve("five.safetensors"), new byte[5]);
    assertOpenFails(five, null, "the file has 5 bytes, too few");
  }

  @Test
  void headerLengthsBeyondTheFile() throws IOException {
    Path huge = write(dir.resolve("huge.safetensors"), 1L << 62, "{}".getBytes(StandardCharsets.UTF_8));
    assertOpenFails(huge, null, "the header length 4611686018427387904 runs past the end of the file (10 bytes)");
    Path unsigned = write(dir.resolve("unsigned.safetensors"), -1L, new byte[16]);
    assertOpenFails(unsigned, null, "the header length 18446744073709551615 runs past the end of the file");
    Path longer = write(dir.resolve("longer.safetensors"), 100, new byte[20]);
    assertOpenFails(longer, null, "the header length 100 runs past the end of the file (28 bytes)");
  }

  @Test
  void headerLengthsOverTheLimitAreRefusedUnread() throws IOException {
    Path file = dir.resolve("sparse.safetensors");
    long length = SafetensorsFile.MAX_HEADER_BYTES + 1;
    write(file, length, new byte[0]);
    // A sparse file: room for the claimed header without writing 100 MB.
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(8 + length + 16);
    }
    assertOpenFails(file, null, "the header length 100000001 exceeds the limit of 100000000 bytes");
  }

  @Test
  void headersThatAreNotJsonObjects() throws IOException {
    assertOpenFails(write(dir.resolve("zero.safetensors"), "", 0), null, "the header is empty");
    assertOpenFails(write(dir.resolve("text.safetensors"), "hello world!", 0), null, "the header is not valid JSON");
    assertOpenFails(write(dir.resolve("cut.safetensors"), "{\"w\":{\"dtype\":", 0), null,
        "the header is not valid JSON");
    assertOpenFails(write(dir.resolve("array.safetensors"), "[1, 2]", 0), null,
        "the header must be a JSON object, found an array");
    assertOpenFails(write(dir.resolve("two.safetensors"), "{} {}", 0), null,
        "the header has more JSON after its object, at character 4");
    assertOpenFails(write(dir.resolve("garbage.safetensors"), "{\"w\":" + W + "} x", 4), null,
        "the header is not valid JSON");
  }

  @Test
  void headersThatAreNotUtf8() throws IOException {
    byte[] json = "{\"w\u00e9\":{}}".getBytes(StandardCharsets.ISO_8859_1);
    byte[] rest = new byte[json.length];
    System.arraycopy(json, 0, rest, 0, json.length);
    assertOpenFails(write(dir.resolve("latin1.safetensors"), json.length, rest), null,
        "the header is not valid UTF-8");
  }

  @Test
  void deeplyNestedJsonIsAnErrorNotAStackOverflow() throws IOException {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    Path file = write(dir.resolve("deep.safetensors"), "{\"w\":{\"x\":" + deep + "}}", 0);
    assertOpenFails(file, null, "the header is not valid JSON");
  }

  @Test
  void entriesThatAreNotObjects() throws IOException {
    assertOpenFails(write(dir.resolve("number.safetensors"), "{\"w\":5}", 0), "w",
        "the entry must be an object with \"dtype\", \"shape\" and \"data_offsets\", found an integer");
    assertOpenFails(write(dir.resolve("list.safetensors"), "{\"w\":[]}", 0), "w", "found an array");
  }

  @Test
  void entriesWithMissingOrMistypedFields() throws IOException {
    assertOpenFails(write(dir.resolve("nodtype.safetensors"), "{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4),
        "w", "the entry has no \"dtype\"");
    assertOpenFails(write(dir.resolve("noshape.safetensors"), "{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}",
        4), "w", "the entry has no \"shape\"");
    assertOpenFails(write(dir.resolve("nooffsets.safetensors"), "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4),
        "w", "the entry has no \"data_offsets\"");
    assertOpenFails(write(dir.resolve("dtypenum.safetensors"), "{\"w\":{\"dtype\":32}}", 0), "w",
        "\"dtype\" must be a string, found an integer");
    assertOpenFails(write(dir.resolve("shapestr.safetensors"), "{\"w\":" + entry("F32", "\"1\"", "[0,4]") + "}", 4),
        "w", "\"shape\" must be an array of integers, found a string");
    assertOpenFails(write(dir.resolve("shapefrac.safetensors"), "{\"w\":" + entry("F32", "[1.5]", "[0,4]") + "}", 4),
        "w", "\"shape\" must be an array of integers, but holds a fractional number");
    assertOpenFails(write(dir.resolve("shapenull.safetensors"), "{\"w\":" + entry("F32", "[null]", "[0,4]") + "}", 4),
        "w", "\"shape\" must be an array of integers, but holds null");
    assertOpenFails(write(dir.resolve("offsetsobj.safetensors"), "{\"w\":" + entry("F32", "[1]", "{}") + "}", 4),
        "w", "\"data_offsets\" must be an array of integers, found an object");
    assertOpenFails(write(dir.resolve("bigint.safetensors"),
        "{\"w\":" + entry("F32", "[1]", "[0,100000000000000000000000]") + "}", 4), "w",
        "\"data_offsets\" holds 100000000000000000000000, beyond any file's size");
    assertOpenFails(write(dir.resolve("twice.safetensors"),
        "{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "w",
        "the entry has \"dtype\" twice");
  }

  @Test
  void tensorsListedTwice() throws IOException {
    assertOpenFails(write(dir.resolve("dup.safetensors"), "{\"w\":" + W + ",\"w\":" + W + "}", 4), "w",
        "the header lists this tensor twice");
  }

  @Test
  void malformedMetadata() throws IOException {
    assertOpenFails(write(dir.resolve("metalist.safetensors"), "{\"__metadata__\":[]}", 0), null,
        "\"__metadata__\" must be an object of strings, found an array");
    assertOpenFails(write(dir.resolve("metanum.safetensors"), "{\"__metadata__\":{\"epoch\":3}}", 0), null,
        "\"__metadata__\" key 'epoch' must hold a string, found an integer");
    assertOpenFails(write(dir.resolve("metadupkey.safetensors"), "{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}}", 0),
        null, "\"__metadata__\" has key 'a' twice");
    assertOpenFails(write(dir.resolve("metatwice.safetensors"), "{\"__metadata__\":{},\"__metadata__\":{}}", 0),
        null, "the header has two \"__metadata__\" entries");
  }

  @Test
  void extraFieldsAndNullMetadataAreAcceptedAsTheReferenceReaderDoes() throws IOException {
    String header = "{\"__metadata__\":null,\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],"
        + "\"quantization\":{\"scale\":[1,2,{\"a\":null}]}}}    ";
    byte[] data = {0, 0, (byte) 0xc0, 0x3f};
    try (SafetensorsFile file = SafetensorsFile.open(write(dir.resolve("extra.safetensors"), header, data))) {
      assertEquals(Map.of(), file.metadata());
      assertEquals(List.of("w"), file.names());
      assertArrayEquals(new float[] {1.5f}, file.read("w"));
    }
  }

  @Test
  void missingFilesAndDirectories() {
    assertOpenFails(dir.resolve("absent.safetensors"), null, "file not found");
    assertOpenFails(dir, null, "is a directory, not a safetensors file");
  }
}
