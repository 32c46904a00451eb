package io.jresnet.io;

import static io.jresnet.io.NpyBytes.assertReadFails;
import static io.jresnet.io.NpyBytes.floats;
import static io.jresnet.io.NpyBytes.header;
import static io.jresnet.io.NpyBytes.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.tensor.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way an .npy file can be broken or lie, each with the message it gets. */
class NpyErrorsTest {
  @TempDir Path dir;

  private Path file(String name) {
    return dir.resolve(name);
  }

  @Test
  void missingFilesAndDirectories() {
    assertReadFails(file("absent.npy"), "file not found");
    assertReadFails(dir, "is a directory, not an .npy file");
  }

  @Test
  void filesThatAreNotNpy() throws IOException {
    assertReadFails(Files.write(file("empty.npy"), new byte[0]), "not an .npy file: it starts with bytes [], not the"
        + " magic \\x93NUMPY");
    assertReadFails(Files.write(file("zip.npy"), new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0}),
        "not an .npy file: it starts with bytes [50 4b 03 04 00 00]");
    assertReadFails(Files.write(file("magic.npy"), new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1}),
        "the file ends inside the .npy preamble (7 bytes)");
  }

  @Test
  void unsupportedVersions() throws IOException {
    byte[] v4 = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 4, 0, 0, 0, 0, 0};
    assertReadFails(Files.write(file("v4.npy"), v4), "unsupported .npy format version 4.0; supported: 1.0, 2.0, 3.0");
    byte[] v11 = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 1, 0, 0};
    assertReadFails(Files.write(file("v11.npy"), v11), "unsupported .npy format version 1.1");
    byte[] v255 = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) 255, 0, 0, 0, 0, 0};
    assertReadFails(Files.write(file("v255.npy"), v255), "unsupported .npy format version 255.0");
    byte[] v2short = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0, 0, 0};
    assertReadFails(Files.write(file("v2short.npy"), v2short), "the file ends inside the .npy preamble (11 bytes)");
  }

  @Test
  void headerLengthsBeyondTheFileOrTheLimit() throws IOException {
    byte[] header = header("<f4", "(1,)").getBytes(StandardCharsets.US_ASCII);
    assertReadFails(write(file("long1.npy"), 1, 0xFFFF, header, floats(1f)), "the header length 65535 runs past the"
        + " end of the file");
    assertReadFails(write(file("long2.npy"), 2, 0xFFFFFFFFL, header, floats(1f)), "the header length 4294967295 runs"
        + " past the end of the file");
    byte[] padded = (header("<f4", "(1,)").strip() + " ".repeat(Npy.MAX_HEADER_BYTES) + "\n")
        .getBytes(StandardCharsets.US_ASCII);
    assertReadFails(write(file("limit.npy"), 2, padded.length, padded, floats(1f)), "the header length "
        + padded.length + " exceeds the limit of 1048576 bytes");
  }

  @Test
  void headersThatAreNotTheDictNumpyWrites() throws IOException {
    assertReadFails(write(file("text.npy"), 1, "hello", new byte[0]), "the header is not a Python dict literal:"
        + " unknown name 'hello' at character 1");
    assertReadFails(write(file("cut.npy"), 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,", floats(0, 0)),
        "the header is not a Python dict literal: unexpected end, expected a value at character 54");
    assertReadFails(write(file("list.npy"), 1, "['<f4', False, (1,)]", floats(0)),
        "the header must be a dict, found ['<f4', False, (1,)]");
    assertReadFails(write(file("extra.npy"), 1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}",
        floats(0)), "the header has key 'x'; an .npy header holds exactly 'descr', 'fortran_order' and 'shape'");
    assertReadFails(write(file("noshape.npy"), 1, "{'descr': '<f4', 'fortran_order': False}", floats(0)),
        "the header lacks 'shape'");
    assertReadFails(write(file("struct.npy"), 1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}",
        floats(0)), "is not a plain dtype (structured arrays are not supported)");
    assertReadFails(write(file("order.npy"), 1, "{'descr': '<f4', 'fortran_order': 0, 'shape': (1,)}", floats(0)),
        "'fortran_order' must be True or False, found 0");
    assertReadFails(write(file("order2.npy"), 1, "{'descr': '<f4', 'fortran_order': 'no', 'shape': (1,)}", floats(0)),
        "'fortran_order' must be True or False, found 'no'");
    assertReadFails(write(file("fortran.npy"), 1, "{'descr': '<f4', 'fortran_order': True, 'shape': (1,)}",
        floats(0)), "Fortran (column-major) order, which is not supported");
  }

  @Test
  void dtypesOtherThanF4F8U1() throws IOException {
    assertReadFails(write(file("f2.npy"), 1, header("<f2", "(1,)"), new byte[2]), "dtype '<f2' is not supported;"
        + " supported: '<f4' (float32)");
    assertReadFails(write(file("be.npy"), 1, header(">f8", "(1,)"), new byte[8]), "dtype '>f8' is big-endian, which"
        + " is not supported; save a.astype('<f8') instead");
    assertReadFails(write(file("num.npy"), 1, "{'descr': 4, 'fortran_order': False, 'shape': (1,)}", new byte[4]),
        "'descr' 4 is not a plain dtype");
    assertReadFails(write(file("descrlist.npy"), 1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,)}",
        new byte[4]), "'descr' [('a', '<f4')] is not a plain dtype");
  }

  @Test
  void impossibleShapes() throws IOException {
    assertReadFails(write(file("list.npy"), 1, header("<f4", "[1]"), floats(0)),
        "'shape' must be a tuple of integers, found [1]");
    assertReadFails(write(file("neg.npy"), 1, header("<f4", "(2, -1)"), floats(0)),
        "'shape' (2, -1) must hold integers from 0 to 2^31-1");
    assertReadFails(write(file("str.npy"), 1, header("<f4", "('2',)"), floats(0, 0)),
        "'shape' ('2',) must hold integers from 0 to 2^31-1");
    assertReadFails(write(file("wide.npy"), 1, header("<f4", "(2147483648,)"), floats(0)),
        "'shape' (2147483648,) must hold integers from 0 to 2^31-1");
    assertReadFails(write(file("many.npy"), 1, header("|u1", "(65536, 65536)"), new byte[4]),
        "'shape' (65536, 65536) has more than 2^31-1 elements");
    assertReadFails(write(file("huge.npy"), 1, header("|u1", "(2147483647, 2147483647, 2147483647, 2147483647)"),
        new byte[4]), "has more than 2^31-1 elements");
  }

  @Test
  void messagesQuoteLongHeadersOnlyInPart() throws IOException {
    String shape = "(" + "1, ".repeat(10_000) + "-1)";
    TensorFileException e = assertReadFails(write(file("long.npy"), 2, header("<f4", shape), floats(0)),
        "'shape' (1, 1, 1,");
    assertTrue(e.getMessage().length() < file("long.npy").toString().length() + 200, e.getMessage());
    assertTrue(e.getMessage().endsWith(", ... must hold integers from 0 to 2^31-1"), e.getMessage());
  }

  @Test
  void dataThatDoesNotMatchTheShape() throws IOException {
    assertReadFails(write(file("short.npy"), 1, header("<f4", "(2, 2)"), floats(1, 2, 3)), "the file is truncated:"
        + " shape [2, 2] needs 16 bytes of data after the header, but 12 follow");
    assertReadFails(write(file("long.npy"), 1, header("<f8", "(1,)"), new byte[9]), "the file has bytes after the"
        + " data: shape [1] needs 8 bytes of data after the header, but 9 follow");
  }

  @Test
  void version3HeadersAreUtf8() throws IOException {
    String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'é': 1}";
    assertReadFails(write(file("v3.npy"), 3, header, floats(1, 2)), "the header has key 'é'");
    assertEquals(new HostTensor(Shape.of(2), new float[] {1, 2}),
        Npy.read(write(file("v3ok.npy"), 3, header("<f4", "(2,)"), floats(1, 2))));
    byte[] latin1 = header.getBytes(StandardCharsets.ISO_8859_1);
    assertReadFails(write(file("v3bad.npy"), 3, latin1.length, latin1, floats(1, 2)),
        "the version 3.0 header is not valid UTF-8");
  }
}
