package io.jresnet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.WeightsException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds safetensors files byte by byte, honest or lying, and checks the errors they cause. */
final class SafetensorsBytes {
  private SafetensorsBytes() {}

  /** A file with the given header length prefix, whatever the bytes that follow. */
  static Path write(Path file, long headerLength, byte[] rest) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.putLong(headerLength).put(rest);
    Files.write(file, bytes.array());
    return file;
  }

  /** A file with a correct length prefix for {@code header} (UTF-8, unpadded) and then {@code data}. */
  static Path write(Path file, String header, byte[] data) throws IOException {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    byte[] rest = new byte[json.length + data.length];
    System.arraycopy(json, 0, rest, 0, json.length);
    System.arraycopy(data, 0, rest, json.length, data.length);
    return write(file, json.length, rest);
  }

  /** A file with {@code header} and {@code dataBytes} zero bytes of data. */
  static Path write(Path file, String header, int dataBytes) throws IOException {
    return write(file, header, new byte[dataBytes]);
  }

  /** {@code {"dtype":..,"shape":..,"data_offsets":..}} from JSON fragments. */
  static String entry(String dtype, String shape, String offsets) {
    return "{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
  }

  /** Opens {@code file}, expecting a WeightsException that names it, the tensor (or none) and {@code fragment}. */
  static WeightsException assertOpenFails(Path file, String tensor, String fragment) {
    WeightsException e = assertThrows(WeightsException.class, () -> SafetensorsFile.open(file).close());
    assertNames(e, file, tensor, fragment);
    return e;
  }

  static void assertNames(WeightsException e, Path file, String tensor, String fragment) {
    String message = e.getMessage();
    assertEquals(file.toString(), e.file(), message);
    assertEquals(tensor, e.tensor(), message);
    assertTrue(message.startsWith(file.toString()), message);
    if (tensor != null) {
      assertTrue(message.contains("tensor '" + tensor + "'"), message);
    }
    assertTrue(message.contains(fragment), () -> "expected '" + fragment + "' in: " + message);
  }
}
