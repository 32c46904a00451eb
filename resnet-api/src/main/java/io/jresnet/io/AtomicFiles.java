package io.jresnet.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Crash-safe file replacement: the content goes to a temporary sibling of the target, is forced to disk, and is then
 * renamed over the target in one atomic step; the directory is forced too where the platform allows. A crash or an
 * exception at any point leaves either the previous file or the complete new one, never a mix, and an exception
 * leaves no temporary file behind.
 *
 * <p>The temporary file is named {@code .<target name>.<random>.tmp} in the target's directory, so that the rename
 * never crosses file systems. The target's directory must exist: a missing one is a {@link NoSuchFileException} naming
 * it.
 */
public final class AtomicFiles {
  /** Writes a file's whole content to a channel positioned at its start. */
  @FunctionalInterface
  public interface Content {
    void writeTo(FileChannel out) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * Replaces (or creates) {@code target} with what {@code content} writes.
   *
   * @throws IOException from the file system, or rethrown from {@code content}; the previous file is untouched
   */
  public static void write(Path target, Content content) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path directory = absolute.getParent();
    if (directory != null && !Files.isDirectory(directory)) {
      throw new NoSuchFileException(directory.toString(), null, "directory does not exist");
    }
    Path temporary = createTemporarySibling(absolute);
    try {
      try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        content.writeTo(out);
        out.force(true);
      }
      moveIntoPlace(temporary, absolute);
    } catch (IOException | RuntimeException | Error e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    forceDirectory(directory);
  }

  /** Replaces (or creates) {@code target} with {@code bytes}; see {@link #write(Path, Content)}. */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> writeFully(out, ByteBuffer.wrap(bytes)));
  }

  /** Writes every remaining byte of {@code buffer}; a single channel write may write fewer. */
  static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
  }

  // CREATE_NEW with a random name rather than Files.createTempFile: the latter makes the file owner-only (0600), and
  // that mode would survive the rename, unlike the usual mode of the files a user saves.
  private static Path createTemporarySibling(Path target) throws IOException {
    HexFormat hex = HexFormat.of();
    while (true) {
      String suffix = hex.toHexDigits(ThreadLocalRandom.current().nextLong());
      Path candidate = target.resolveSibling("." + target.getFileName() + "." + suffix + ".tmp");
      try {
        Files.newByteChannel(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return candidate;
      } catch (FileAlreadyExistsException taken) {
        // Another writer drew the same name: draw again.
      }
    }
  }

  private static void moveIntoPlace(Path temporary, Path target) throws IOException {
    try {
      Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      // Same directory, so this only happens on exotic file systems; a plain replace is the best they offer.
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  // Makes the rename itself durable. Opening a directory for reading fails on some platforms (Windows), where the
  // rename is durable without it; nothing more can be done there, so the failure is ignored.
  private static void forceDirectory(Path directory) {
    if (directory == null) {
      return;
    }
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // See above: best effort only.
    }
  }
}
