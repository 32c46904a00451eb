package io.jresnet.io;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Bulk transfer of float tensors between files and {@code float[]}, through one off-heap chunk at a time: positional
 * reads (safe to call from several threads on one channel, and unlike a memory map, a file truncated by someone else
 * is an {@link EOFException} rather than a crash), and no second copy of the tensor in memory.
 */
final class FloatChannels {
  private static final int CHUNK_BYTES = 1 << 20;

  private FloatChannels() {}

  /**
   * Fills {@code dst} with {@code dst.length} elements of {@code type} read from {@code in} at {@code position}.
   *
   * @throws EOFException if the file ends before all of them
   */
  static void read(FileChannel in, long position, ElementType type, float[] dst) throws IOException {
    if (dst.length == 0) {
      return;
    }
    int chunkElements = Math.min(dst.length, CHUNK_BYTES / type.byteSize());
    try (Arena arena = Arena.ofConfined()) {
      ByteBuffer chunk = arena.allocate((long) chunkElements * type.byteSize()).asByteBuffer();
      chunk.order(ByteOrder.LITTLE_ENDIAN);
      long at = position;
      for (int done = 0; done < dst.length; ) {
        int n = Math.min(chunkElements, dst.length - done);
        chunk.clear().limit(n * type.byteSize());
        readFully(in, at, chunk);
        at += chunk.limit();
        chunk.flip();
        type.decode(chunk, dst, done, n);
        done += n;
      }
    }
  }

  /** Writes {@code data} as little-endian float32 at the channel's position. */
  static void write(FileChannel out, float[] data) throws IOException {
    if (data.length == 0) {
      return;
    }
    int chunkElements = Math.min(data.length, CHUNK_BYTES / Float.BYTES);
    try (Arena arena = Arena.ofConfined()) {
      ByteBuffer chunk = arena.allocate((long) chunkElements * Float.BYTES).asByteBuffer();
      chunk.order(ByteOrder.LITTLE_ENDIAN);
      for (int done = 0; done < data.length; ) {
        int n = Math.min(chunkElements, data.length - done);
        chunk.clear();
        chunk.asFloatBuffer().put(data, done, n);
        chunk.limit(n * Float.BYTES);
        AtomicFiles.writeFully(out, chunk);
        done += n;
      }
    }
  }

  /** Fills the remainder of {@code dst} from {@code in} at {@code position}, without moving the channel. */
  static void readFully(FileChannel in, long position, ByteBuffer dst) throws IOException {
    long at = position;
    while (dst.hasRemaining()) {
      int n = in.read(dst, at);
      if (n < 0) {
        throw new EOFException("the file ends at byte " + at + ", " + dst.remaining() + " bytes short");
      }
      at += n;
    }
  }
}
