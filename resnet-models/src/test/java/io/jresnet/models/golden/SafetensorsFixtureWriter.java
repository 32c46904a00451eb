package io.jresnet.models.golden;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes float32 tensors as a {@code .safetensors} file, by hand: an 8-byte little-endian header length, the JSON
 * header padded with spaces to a multiple of 8, then the raw little-endian data in header order.
 *
 * <p>It is deliberately independent of jresnet's own safetensors writer, so the golden tests exercise the importer on
 * a file the code under test did not produce.
 */
public final class SafetensorsFixtureWriter {
  private static final int CHUNK_FLOATS = 1 << 16;

  private SafetensorsFixtureWriter() {}

  /** Writes {@code tensors} to {@code file} with F32 dtype and PyTorch shapes; returns the file size in bytes. */
  public static long write(Path file, List<TorchTensor> tensors) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode header = json.createObjectNode();
    header.putObject("__metadata__").put("format", "pt").put("weights", "counter formula, tools/golden/README.md");
    long offset = 0;
    for (TorchTensor t : tensors) {
      ObjectNode entry = header.putObject(t.name());
      entry.put("dtype", "F32");
      ArrayNode shape = entry.putArray("shape");
      for (int d : t.shape()) {
        shape.add(d);
      }
      long end = offset + (long) t.values().length * Float.BYTES;
      entry.putArray("data_offsets").add(offset).add(end);
      offset = end;
    }
    byte[] headerBytes = json.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    int padded = (headerBytes.length + 7) / 8 * 8;
    ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    prefix.putLong(padded).put(headerBytes);
    while (prefix.hasRemaining()) {
      prefix.put((byte) ' ');
    }
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(prefix.array());
      for (TorchTensor t : tensors) {
        float[] values = t.values();
        for (int from = 0; from < values.length; from += CHUNK_FLOATS) {
          int n = Math.min(CHUNK_FLOATS, values.length - from);
          chunk.clear();
          chunk.asFloatBuffer().put(values, from, n);
          out.write(chunk.array(), 0, n * Float.BYTES);
        }
      }
    }
    return 8L + padded + offset;
  }
}
