package io.jresnet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void createsAndReplacesFiles() throws IOException {
    Path file = dir.resolve("state.json");
    AtomicFiles.write(file, bytes("first"));
    assertEquals("first", Files.readString(file));
    AtomicFiles.write(file, bytes("second, longer"));
    assertEquals("second, longer", Files.readString(file));
    AtomicFiles.write(file, bytes("3"));
    assertEquals("3", Files.readString(file));
    assertEquals(List.of(file), list());
  }

  @Test
  void aFailureMidwayKeepsThePreviousFileAndLeavesNoTemporaryFile() throws IOException {
    Path file = dir.resolve("weights.safetensors");
    AtomicFiles.write(file, bytes("previous"));
    IllegalStateException boom = new IllegalStateException("disk on fire");
    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> AtomicFiles.write(file, out -> {
      out.write(ByteBuffer.wrap(bytes("half of the new cont")));
      throw boom;
    }));
    assertSame(boom, thrown);
    assertEquals("previous", Files.readString(file));
    assertEquals(List.of(file), list());

    IOException io = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
      out.write(ByteBuffer.wrap(bytes("partial")));
      throw new IOException("device full");
    }));
    assertEquals("device full", io.getMessage());
    assertEquals("previous", Files.readString(file));
    assertEquals(List.of(file), list());
  }

  @Test
  void aFailureBeforeAnyPreviousFileLeavesNothing() {
    Path file = dir.resolve("new.npy");
    assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
      throw new IOException("no");
    }));
    assertFalse(Files.exists(file));
    assertEquals(List.of(), list());
  }

  @Test
  void aMissingDirectoryIsNamed() {
    Path missing = dir.resolve("no-such-dir");
    NoSuchFileException e =
        assertThrows(NoSuchFileException.class, () -> AtomicFiles.write(missing.resolve("x.bin"), new byte[1]));
    assertEquals(missing.toString(), e.getFile());
    assertEquals("directory does not exist", e.getReason());
    assertFalse(Files.exists(missing));
  }

  @Test
  void theFileGetsTheUsualModeNotAPrivateTemporaryOne() throws IOException {
    PosixFileAttributeView posix = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
    assumeTrue(posix != null, "POSIX permissions only");
    Path plain = Files.writeString(dir.resolve("plain"), "x");
    Path atomic = dir.resolve("atomic");
    AtomicFiles.write(atomic, bytes("x"));
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
  }

  @Test
  void writesLargeContentCompletely() throws IOException {
    byte[] big = new byte[3 << 20];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31);
    }
    Path file = dir.resolve("big.bin");
    AtomicFiles.write(file, big);
    assertArrayEquals(big, Files.readAllBytes(file));
  }

  @Test
  void relativeTargetsWork() throws IOException {
    Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("relative.txt"));
    assertFalse(relative.isAbsolute());
    AtomicFiles.write(relative, bytes("ok"));
    assertTrue(Files.exists(dir.resolve("relative.txt")));
  }

  private List<Path> list() {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
