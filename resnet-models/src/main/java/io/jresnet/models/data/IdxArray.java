package io.jresnet.models.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One IDX file (the MNIST format), raw or gzip-compressed: a 4-byte magic {@code 00 00 type rank}, {@code rank}
 * big-endian int32 dimensions, then the elements in row-major order. Only unsigned bytes (type 0x08) are read; the
 * first dimension counts records (images or labels).
 *
 * @param dims the dimensions, the record count first
 * @param data all records, {@code dims[0] * recordLength()} bytes
 */
record IdxArray(int[] dims, byte[] data) {
  private static final int UNSIGNED_BYTE = 0x08;
  private static final int CHUNK_BYTES = 1 << 20;

  int count() {
    return dims[0];
  }

  int recordLength() {
    int length = 1;
    for (int i = 1; i < dims.length; i++) {
      length *= dims[i];
    }
    return length;
  }

  /**
   * Reads {@code file}, whose rank must lie in {@code [minRank, maxRank]}; {@code record} names one record in
   * messages ("image", "label"). A gzip file is recognised by its magic, whatever its name.
   *
   * @throws DataException naming the file and, for data that end early or do not decompress, the record at fault
   */
  static IdxArray read(Path file, String record, int minRank, int maxRank) {
    if (Files.isDirectory(file)) {
      throw new DataException(file, "is a directory, not an IDX file");
    }
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      raw.mark(2);
      boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
      raw.reset();
      InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
      int[] dims = header(file, in, record, minRank, maxRank);
      long recordLength = 1;
      for (int i = 1; i < dims.length; i++) {
        recordLength *= dims[i];
      }
      long total = recordLength * dims[0];
      if (total > Integer.MAX_VALUE - 8) {
        throw new DataException(file, "the header's dimensions " + Arrays.toString(dims) + " add up to " + total
            + " bytes, more than a Java array holds");
      }
      if (!gzip) {
        // An uncompressed file can be checked against its size before anything is allocated.
        long available = Files.size(file) - 4L - 4L * dims.length;
        if (available < total) {
          throw truncated(file, record, dims[0], (int) recordLength, available);
        }
      }
      byte[] data = body(file, in, record, dims[0], (int) recordLength, (int) total);
      return new IdxArray(dims, data);
    } catch (NoSuchFileException e) {
      throw new DataException(file, "no such file");
    } catch (IOException e) {
      throw new DataException(file, "cannot read: " + e.getMessage(), e);
    }
  }

  private static int[] header(Path file, InputStream in, String record, int minRank, int maxRank) throws IOException {
    byte[] magic = in.readNBytes(4);
    if (magic.length < 4 || magic[0] != 0 || magic[1] != 0) {
      throw new DataException(file, "not an IDX file: it starts with bytes [" + HexFormat.ofDelimiter(" ")
          .formatHex(magic) + "], not 00 00 <type> <rank> (nor the gzip magic 1f 8b)");
    }
    int type = magic[2] & 0xFF;
    if (type != UNSIGNED_BYTE) {
      throw new DataException(file, String.format("element type 0x%02X (%s) is not supported; IDX %s files hold"
          + " unsigned bytes (0x08)", type, typeName(type), record));
    }
    int rank = magic[3] & 0xFF;
    if (rank < minRank || rank > maxRank) {
      throw new DataException(file, "has " + rank + " dimensions, but an IDX " + record + " file has "
          + (minRank == maxRank ? Integer.toString(minRank) : minRank + " to " + maxRank)
          + " (the " + record + " count first)");
    }
    byte[] dimBytes = in.readNBytes(4 * rank);
    if (dimBytes.length < 4 * rank) {
      throw new DataException(file, "the file ends inside the IDX header (" + rank + " dimensions announced)");
    }
    int[] dims = new int[rank];
    for (int i = 0; i < rank; i++) {
      dims[i] = ((dimBytes[4 * i] & 0xFF) << 24) | ((dimBytes[4 * i + 1] & 0xFF) << 16)
          | ((dimBytes[4 * i + 2] & 0xFF) << 8) | (dimBytes[4 * i + 3] & 0xFF);
      if (dims[i] < (i == 0 ? 0 : 1)) {
        throw new DataException(file, "dimension " + i + " of the header is " + Integer.toUnsignedString(dims[i])
            + (i == 0 ? ", not a count of " + record + "s" : ", not a positive size"));
      }
    }
    return dims;
  }

  /** The records, read in chunks into an array that grows with what arrives: a lying header cannot exhaust memory. */
  private static byte[] body(Path file, InputStream in, String record, int count, int recordLength, int total)
      throws IOException {
    byte[] data = new byte[Math.min(total, CHUNK_BYTES)];
    int done = 0;
    try {
      while (done < total) {
        if (done == data.length) {
          data = Arrays.copyOf(data, (int) Math.min(total, 2L * data.length));
        }
        int n = in.read(data, done, data.length - done);
        if (n < 0) {
          throw truncated(file, record, count, recordLength, done);
        }
        done += n;
      }
      if (in.read() >= 0) {
        throw new DataException(file, "has bytes after the last of its " + count + " " + record + "s");
      }
    } catch (EOFException e) {
      // GZIPInputStream reports a compressed stream cut short this way.
      throw truncated(file, record, count, recordLength, done);
    } catch (ZipException e) {
      String where = done < total ? "in " + record + " " + done / recordLength + " of " + count
          : "after the last of its " + count + " " + record + "s";
      throw new DataException(file, "corrupt gzip data " + where + ": " + e.getMessage(), e);
    }
    return data;
  }

  private static DataException truncated(Path file, String record, int count, int recordLength, long available) {
    long index = Math.max(available, 0) / recordLength;
    return new DataException(file, "the file ends inside " + record + " " + index + " of " + count + " (" + available
        + " of " + (long) count * recordLength + " data bytes present); is it truncated?");
  }

  private static String typeName(int type) {
    return switch (type) {
      case 0x09 -> "signed byte";
      case 0x0B -> "short";
      case 0x0C -> "int";
      case 0x0D -> "float";
      case 0x0E -> "double";
      default -> "unknown";
    };
  }
}
