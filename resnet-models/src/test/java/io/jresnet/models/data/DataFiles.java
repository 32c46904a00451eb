package io.jresnet.models.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.function.Executable;

/** Builds data-set files byte by byte for the reader tests, and checks the errors they cause. */
final class DataFiles {
  private DataFiles() {}

  /** An IDX header {@code 00 00 08 rank} with {@code dims}, followed by {@code data}. */
  static byte[] idx(int[] dims, byte[] data) {
    ByteBuffer out = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
    out.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) dims.length);
    for (int d : dims) {
      out.putInt(d);
    }
    return out.put(data).array();
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(buffer)) {
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  static Path write(Path file, byte[] bytes) {
    try {
      return Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code n} bytes following {@code (i * 7 + salt) % 256}. */
  static byte[] pattern(int n, int salt) {
    byte[] bytes = new byte[n];
    for (int i = 0; i < n; i++) {
      bytes[i] = (byte) (i * 7 + salt);
    }
    return bytes;
  }

  /** Runs {@code action}, expecting a DataException that names {@code file} first and contains {@code fragment}. */
  static DataException assertFails(Path file, String fragment, Executable action) {
    DataException e = assertThrows(DataException.class, action);
    assertEquals(file.toString(), e.file());
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), () -> "expected '" + fragment + "' in: " + e.getMessage());
    return e;
  }

  /** Example {@code index} of {@code dataset} as a fresh array. */
  static float[] example(Dataset dataset, int index) {
    float[] out = new float[dataset.exampleLength()];
    dataset.example(index, out);
    return out;
  }
}
