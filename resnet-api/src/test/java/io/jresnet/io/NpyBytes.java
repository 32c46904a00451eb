package io.jresnet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds .npy files byte by byte, honest or lying, and checks the errors they cause. */
final class NpyBytes {
  private NpyBytes() {}

  /** Magic, version {@code major}.0, the true header length, {@code header} (UTF-8) and {@code data}. */
  static Path write(Path file, int major, String header, byte[] data) throws IOException {
    byte[] text = header.getBytes(StandardCharsets.UTF_8);
    return write(file, major, text.length, text, data);
  }

  /** As above with a header length prefix of choice: {@code headerLength} need not be {@code header.length}. */
  static Path write(Path file, int major, long headerLength, byte[] header, byte[] data) throws IOException {
    int lengthBytes = major == 1 ? 2 : 4;
    ByteBuffer out = ByteBuffer.allocate(8 + lengthBytes + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    if (major == 1) {
      out.putShort((short) headerLength);
    } else {
      out.putInt((int) headerLength);
    }
    out.put(header).put(data);
    Files.write(file, out.array());
    return file;
  }

  /** A version 1.0 header dict for {@code descr} and {@code shape} (a Python tuple literal). */
  static String header(String descr, String shape) {
    return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }\n";
  }

  /** Little-endian float32 bytes of {@code values}. */
  static byte[] floats(float... values) {
    ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return bytes.array();
  }

  /** Reads {@code file}, expecting a TensorFileException that names it and contains {@code fragment}. */
  static TensorFileException assertReadFails(Path file, String fragment) {
    TensorFileException e = assertThrows(TensorFileException.class, () -> Npy.read(file));
    assertEquals(file.toString(), e.file());
    assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), () -> "expected '" + fragment + "' in: " + e.getMessage());
    return e;
  }
}
