package io.jresnet.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.jresnet.WeightsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Writes float32 safetensors files that PyTorch's {@code safetensors.torch.load_file} reads: {@code __metadata__}
 * first when there is any, then the tensors in the map's iteration order, laid end to end; the JSON header is padded
 * with spaces to a multiple of 8 bytes as the reference writer does, so that the data starts aligned.
 *
 * <p>The file is replaced atomically ({@link AtomicFiles}): a crash or error while saving leaves the previous file.
 */
public final class SafetensorsWriter {
  private static final JsonFactory JSON = new JsonFactory();
  private static final int ALIGNMENT = 8;

  private SafetensorsWriter() {}

  /** {@link #write(Path, Map, Map)} without metadata. */
  public static void write(Path file, Map<String, HostTensor> tensors) {
    write(file, tensors, Map.of());
  }

  /**
   * Writes {@code tensors} (use a {@link java.util.LinkedHashMap} to choose their order) and {@code metadata} to
   * {@code file}, replacing it if it exists.
   *
   * @param metadata free-form strings stored under {@code __metadata__} (e.g. {@code "format": "pt"}); may be empty
   * @throws WeightsException naming the file (and tensor) if a name is reserved or the file cannot be written
   */
  public static void write(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata) {
    Objects.requireNonNull(file, "file");
    tensors.forEach((name, tensor) -> {
      Objects.requireNonNull(name, "tensor name");
      Objects.requireNonNull(tensor, () -> "tensor '" + name + "'");
      if (name.equals(SafetensorsHeaderParser.METADATA_KEY)) {
        throw new WeightsException(file, name, "this name is reserved for the metadata");
      }
    });
    metadata.forEach((key, value) -> Objects.requireNonNull(value, () -> "metadata '" + key + "'"));
    byte[] header = header(tensors, metadata);
    try {
      AtomicFiles.write(file, out -> {
        ByteBuffer prefix = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        prefix.putLong(header.length).flip();
        AtomicFiles.writeFully(out, prefix);
        AtomicFiles.writeFully(out, ByteBuffer.wrap(header));
        for (HostTensor tensor : tensors.values()) {
          FloatChannels.write(out, tensor.data());
        }
      });
    } catch (IOException e) {
      throw new WeightsException(file.toString(), null, "cannot write: " + IoErrors.describe(e), e);
    }
  }

  private static byte[] header(Map<String, HostTensor> tensors, Map<String, String> metadata) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      json.writeStartObject();
      if (!metadata.isEmpty()) {
        json.writeObjectFieldStart(SafetensorsHeaderParser.METADATA_KEY);
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
          json.writeStringField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
      }
      long offset = 0;
      for (Map.Entry<String, HostTensor> entry : tensors.entrySet()) {
        HostTensor tensor = entry.getValue();
        long end = offset + (long) tensor.data().length * Float.BYTES;
        json.writeObjectFieldStart(entry.getKey());
        json.writeStringField("dtype", SafetensorsDtype.F32.name());
        json.writeFieldName("shape");
        int[] dims = tensor.shape().toArray();
        json.writeArray(dims, 0, dims.length);
        json.writeFieldName("data_offsets");
        json.writeArray(new long[] {offset, end}, 0, 2);
        json.writeEndObject();
        offset = end;
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory cannot fail", e);
    }
    byte[] unpadded = bytes.toByteArray();
    byte[] padded = Arrays.copyOf(unpadded, (unpadded.length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT);
    Arrays.fill(padded, unpadded.length, padded.length, (byte) ' ');
    return padded;
  }
}
