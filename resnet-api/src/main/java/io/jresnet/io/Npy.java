package io.jresnet.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * NumPy {@code .npy} files, the tensors the CLI takes in and gives out. Layout: the magic {@code \x93NUMPY}, a
 * version byte pair, the header length (2 bytes little-endian in version 1.0, 4 bytes in 2.0 and 3.0), the header (a
 * Python dict literal: {@code descr}, {@code fortran_order}, {@code shape}; Latin-1, or UTF-8 in 3.0) and the raw
 * data, row-major.
 *
 * <p>Reads little-endian {@code <f4}, {@code <f8} (rounded to float32), {@code |u1} (0..255), and the integers
 * {@code <i4} and {@code <i8} (as the nearest float32: exact up to 2^24 in magnitude, enough for class labels) in C
 * order; writes {@code <f4}. Every header claim is checked against the file before the data array is allocated.
 */
public final class Npy {
  /** Longer headers are refused unread; numpy's own limit is 10,000 bytes, ours leaves room for very high ranks. */
  public static final int MAX_HEADER_BYTES = 1 << 20;

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int ALIGNMENT = 64;
  private static final int VERSION_1_LIMIT = 0xFFFF;

  private Npy() {}

  /**
   * Reads {@code file} into a float32 tensor of its shape.
   *
   * @throws TensorFileException naming the file and the problem: missing, unreadable, not an .npy file, an
   *     unsupported dtype or order, or a header that does not match the file's size
   */
  public static HostTensor read(Path file) {
    if (Files.isDirectory(file)) {
      throw new TensorFileException(file, "is a directory, not an .npy file");
    }
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = in.size();
      ByteBuffer prelude = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
      prelude.limit((int) Math.min(prelude.capacity(), size));
      FloatChannels.readFully(in, 0, prelude);
      if (size < MAGIC.length || !Arrays.equals(MAGIC, 0, MAGIC.length, prelude.array(), 0, MAGIC.length)) {
        String start = HexFormat.ofDelimiter(" ").formatHex(prelude.array(), 0, (int) Math.min(MAGIC.length, size));
        throw new TensorFileException(file, "not an .npy file: it starts with bytes [" + start + "], not the magic"
            + " \\x93NUMPY");
      }
      if (size < 10) {
        throw new TensorFileException(file, "the file ends inside the .npy preamble (" + size + " bytes)");
      }
      int major = Byte.toUnsignedInt(prelude.get(6));
      int minor = Byte.toUnsignedInt(prelude.get(7));
      if (minor != 0 || major < 1 || major > 3) {
        throw new TensorFileException(file, "unsupported .npy format version " + major + "." + minor
            + "; supported: 1.0, 2.0, 3.0");
      }
      int preludeLength = major == 1 ? 10 : 12;
      if (size < preludeLength) {
        throw new TensorFileException(file, "the file ends inside the .npy preamble (" + size + " bytes)");
      }
      long headerLength = major == 1 ? Short.toUnsignedInt(prelude.getShort(8)) : Integer.toUnsignedLong(
          prelude.getInt(8));
      if (headerLength > size - preludeLength) {
        throw new TensorFileException(file, "the header length " + headerLength + " runs past the end of the file ("
            + size + " bytes); is the file truncated?");
      }
      if (headerLength > MAX_HEADER_BYTES) {
        throw new TensorFileException(file, "the header length " + headerLength + " exceeds the limit of "
            + MAX_HEADER_BYTES + " bytes");
      }
      ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
      FloatChannels.readFully(in, preludeLength, headerBytes);
      NpyHeader header = NpyHeader.parse(file, decodeHeader(file, major, headerBytes));
      long dataStart = preludeLength + headerLength;
      long dataBytes = header.shape().elementCount() * header.type().byteSize();
      if (dataBytes != size - dataStart) {
        String problem = dataBytes > size - dataStart ? "is truncated" : "has bytes after the data";
        throw new TensorFileException(file, "the file " + problem + ": shape " + header.shape() + " needs "
            + dataBytes + " bytes of data after the header, but " + (size - dataStart) + " follow");
      }
      float[] data = new float[header.shape().size()];
      FloatChannels.read(in, dataStart, header.type(), data);
      return new HostTensor(header.shape(), data);
    } catch (EOFException e) {
      throw new TensorFileException(file, "the file ended while it was read; was it truncated meanwhile?", e);
    } catch (IOException e) {
      throw new TensorFileException(file, IoErrors.describe(e), e);
    }
  }

  /**
   * Writes {@code tensor} as a little-endian float32 C-order array, version 1.0 (2.0 when the header needs more than
   * 65,535 bytes), replacing {@code file} atomically ({@link AtomicFiles}).
   *
   * @throws TensorFileException naming the file if it cannot be written
   */
  public static void write(Path file, HostTensor tensor) {
    byte[] prelude = prelude(tensor);
    try {
      AtomicFiles.write(file, out -> {
        AtomicFiles.writeFully(out, ByteBuffer.wrap(prelude));
        FloatChannels.write(out, tensor.data());
      });
    } catch (IOException e) {
      throw new TensorFileException(file, "cannot write: " + IoErrors.describe(e), e);
    }
  }

  private static String decodeHeader(Path file, int major, ByteBuffer bytes) {
    if (major < 3) {
      return new String(bytes.array(), StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(bytes.flip()).toString();
    } catch (CharacterCodingException e) {
      throw new TensorFileException(file, "the version 3.0 header is not valid UTF-8", e);
    }
  }

  // As numpy does: the header dict, padded with spaces and ended by a newline so that the data starts at a multiple
  // of 64 bytes (always at least one space: numpy pads 1 to 64).
  private static byte[] prelude(HostTensor tensor) {
    String dict = NpyHeader.format(tensor.shape());
    int major = 1;
    int preludeLength = 10;
    int headerLength = paddedLength(dict, preludeLength);
    if (headerLength > VERSION_1_LIMIT) {
      major = 2;
      preludeLength = 12;
      headerLength = paddedLength(dict, preludeLength);
    }
    ByteBuffer out = ByteBuffer.allocate(preludeLength + headerLength).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) major).put((byte) 0);
    if (major == 1) {
      out.putShort((short) headerLength);
    } else {
      out.putInt(headerLength);
    }
    out.put(dict.getBytes(StandardCharsets.ISO_8859_1));
    while (out.remaining() > 1) {
      out.put((byte) ' ');
    }
    out.put((byte) '\n');
    return out.array();
  }

  private static int paddedLength(String dict, int preludeLength) {
    int unpadded = dict.length() + 1;
    return unpadded + ALIGNMENT - (preludeLength + unpadded) % ALIGNMENT;
  }
}
