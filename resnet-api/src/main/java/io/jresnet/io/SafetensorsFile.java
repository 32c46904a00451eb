package io.jresnet.io;

import io.jresnet.WeightsException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An open safetensors file: the header is read and fully checked by {@link #open}, tensors are read one at a time on
 * demand. Layout: an 8-byte little-endian header length {@code N}, {@code N} bytes of UTF-8 JSON
 * ({@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ..., "__metadata__": {..}}}), then
 * the little-endian tensor data, row-major, with offsets counted from the first byte after the header.
 *
 * <p>Nothing is allocated on the header's word before it is checked against the file: a truncated or lying file is a
 * {@link WeightsException} naming the file and the tensor, never an out-of-memory error or an out-of-bounds read.
 * {@link #read} may be called from several threads at once. Close the file to release its handle.
 */
public final class SafetensorsFile implements AutoCloseable {
  /** The largest header accepted, as in the reference implementation. */
  public static final long MAX_HEADER_BYTES = 100_000_000L;

  private static final int LENGTH_PREFIX_BYTES = 8;
  private static final int NAMES_IN_MESSAGES = 10;

  private final Path path;
  private final FileChannel channel;
  private final long dataStart;
  private final SafetensorsHeader header;

  private SafetensorsFile(Path path, FileChannel channel, long dataStart, SafetensorsHeader header) {
    this.path = path;
    this.channel = channel;
    this.dataStart = dataStart;
    this.header = header;
  }

  /**
   * Opens {@code file} and checks its header.
   *
   * @throws WeightsException if the file is missing, unreadable, or not a valid safetensors file
   */
  public static SafetensorsFile open(Path file) {
    if (Files.isDirectory(file)) {
      throw new WeightsException(file, null, "is a directory, not a safetensors file");
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new WeightsException(file.toString(), null, IoErrors.describe(e), e);
    }
    try {
      return readHeader(file, channel);
    } catch (RuntimeException | Error e) {
      try {
        channel.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static SafetensorsFile readHeader(Path file, FileChannel channel) {
    try {
      long size = channel.size();
      if (size < LENGTH_PREFIX_BYTES) {
        throw new WeightsException(file, null, "the file has " + size + " bytes, too few for the 8-byte header"
            + " length that starts a safetensors file");
      }
      ByteBuffer prefix = ByteBuffer.allocate(LENGTH_PREFIX_BYTES).order(ByteOrder.LITTLE_ENDIAN);
      FloatChannels.readFully(channel, 0, prefix);
      long headerLength = prefix.getLong(0);
      long room = size - LENGTH_PREFIX_BYTES;
      // Unsigned comparison: a length of 2^63 or more reads as negative.
      if (Long.compareUnsigned(headerLength, room) > 0) {
        throw new WeightsException(file, null, "the header length " + Long.toUnsignedString(headerLength)
            + " runs past the end of the file (" + size + " bytes); is this a safetensors file?");
      }
      if (headerLength > MAX_HEADER_BYTES) {
        throw new WeightsException(file, null, "the header length " + headerLength + " exceeds the limit of "
            + MAX_HEADER_BYTES + " bytes");
      }
      ByteBuffer json = ByteBuffer.allocate((int) headerLength);
      FloatChannels.readFully(channel, LENGTH_PREFIX_BYTES, json);
      long dataStart = LENGTH_PREFIX_BYTES + headerLength;
      SafetensorsHeader header = SafetensorsHeader.parse(file, json.array(), size - dataStart);
      return new SafetensorsFile(file, channel, dataStart, header);
    } catch (IOException e) {
      throw new WeightsException(file.toString(), null, "cannot read the header: " + IoErrors.describe(e), e);
    }
  }

  /** The file this was opened from. */
  public Path path() {
    return path;
  }

  /** Tensor names in header order. */
  public List<String> names() {
    return List.copyOf(header.tensors().keySet());
  }

  public boolean contains(String name) {
    return header.tensors().containsKey(name);
  }

  /**
   * Dtype, shape and position of tensor {@code name}.
   *
   * @throws WeightsException if the file has no such tensor
   */
  public TensorInfo info(String name) {
    TensorInfo info = header.tensors().get(name);
    if (info == null) {
      throw new WeightsException(path, name, "no such tensor; the file holds " + describeNames());
    }
    return info;
  }

  /** The {@code __metadata__} strings in header order; empty when the file has none. */
  public Map<String, String> metadata() {
    return header.metadata();
  }

  /**
   * Reads tensor {@code name} as float32, row-major over {@code info(name).shape()}; F16, BF16 and F64 are
   * converted (F64 rounds to nearest).
   *
   * @throws WeightsException if there is no such tensor, its dtype is not a floating-point one, or the file cannot
   *     be read (for instance it was truncated after opening)
   * @throws IllegalStateException if the file is closed
   */
  public float[] read(String name) {
    TensorInfo info = info(name);
    ElementType type = info.dtype().elementType();
    if (type == null) {
      throw new WeightsException(path, name, "has dtype " + info.dtype() + "; only " + SafetensorsDtype.readableNames()
          + " tensors can be read as float32");
    }
    if (!channel.isOpen()) {
      throw new IllegalStateException(path + " is closed");
    }
    float[] data = new float[info.shape().size()];
    try {
      FloatChannels.read(channel, dataStart + info.dataBegin(), type, data);
    } catch (EOFException e) {
      throw new WeightsException(path.toString(), name, "the file ends inside this tensor's data; was it truncated"
          + " after opening?", e);
    } catch (IOException e) {
      throw new WeightsException(path.toString(), name, "cannot read: " + IoErrors.describe(e), e);
    }
    return data;
  }

  /** {@link #read} with the tensor's shape. */
  public HostTensor readTensor(String name) {
    float[] data = read(name);
    return new HostTensor(info(name).shape(), data);
  }

  /**
   * Every tensor, in header order.
   *
   * @throws WeightsException as {@link #read}, for instance if a tensor is not a floating-point one (skip those by
   *     reading names one by one)
   */
  public Map<String, HostTensor> readAll() {
    Map<String, HostTensor> all = new LinkedHashMap<>();
    for (String name : header.tensors().keySet()) {
      all.put(name, readTensor(name));
    }
    return all;
  }

  /** Releases the file handle; idempotent. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new WeightsException(path.toString(), null, "cannot close: " + IoErrors.describe(e), e);
    }
  }

  private String describeNames() {
    Map<String, TensorInfo> tensors = header.tensors();
    if (tensors.isEmpty()) {
      return "no tensors";
    }
    String some = tensors.keySet().stream().limit(NAMES_IN_MESSAGES).map(n -> "'" + n + "'")
        .collect(Collectors.joining(", "));
    return tensors.size() + " tensors: " + some + (tensors.size() > NAMES_IN_MESSAGES ? ", ..." : "");
  }
}
