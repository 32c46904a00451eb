package io.jresnet.io;

import io.jresnet.WeightsException;
import io.jresnet.io.SafetensorsHeaderParser.RawEntry;
import io.jresnet.io.SafetensorsHeaderParser.RawHeader;
import io.jresnet.tensor.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors header whose every claim has been checked against the file: known dtypes, shapes whose element counts
 * fit a Java array, byte lengths that match {@code shape × dtype size}, and offsets that tile the data section exactly
 * (inside it, no overlaps, no unused bytes, as the reference implementation requires).
 *
 * @param tensors the tensors in header order, by name
 * @param metadata the {@code __metadata__} strings, empty when there are none
 */
record SafetensorsHeader(Map<String, TensorInfo> tensors, Map<String, String> metadata) {
  /**
   * Parses and checks {@code json}, the header bytes of {@code file}, whose data section holds {@code dataLength}
   * bytes.
   *
   * @throws WeightsException naming the file and, where one is at fault, the tensor
   */
  static SafetensorsHeader parse(Path file, byte[] json, long dataLength) {
    RawHeader raw = SafetensorsHeaderParser.parse(file, json);
    Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    for (RawEntry entry : raw.entries()) {
      tensors.put(entry.name(), check(file, entry, dataLength));
    }
    checkTiling(file, tensors.values(), dataLength);
    Map<String, String> metadata = raw.metadata() == null ? Map.of() : raw.metadata();
    return new SafetensorsHeader(
        Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(new LinkedHashMap<>(metadata)));
  }

  private static TensorInfo check(Path file, RawEntry entry, long dataLength) {
    String name = entry.name();
    SafetensorsDtype dtype = SafetensorsDtype.forName(entry.dtype());
    if (dtype == null) {
      throw new WeightsException(file, name, "unknown dtype '" + IoErrors.abbreviate(entry.dtype())
          + "'; safetensors defines " + Arrays.toString(SafetensorsDtype.values()));
    }
    Shape shape = checkShape(file, name, entry.shape());
    long[] offsets = entry.offsets();
    String range = IoErrors.abbreviate(Arrays.toString(offsets));
    if (offsets.length != 2) {
      throw new WeightsException(file, name, "data_offsets " + range + " must be two numbers, [begin, end]");
    }
    long begin = offsets[0];
    long end = offsets[1];
    if (begin < 0 || end < 0) {
      throw new WeightsException(file, name, "data_offsets " + range + " are negative");
    }
    if (end < begin) {
      throw new WeightsException(file, name, "data_offsets " + range + " end before they begin");
    }
    if (end > dataLength) {
      throw new WeightsException(file, name, "data_offsets " + range + " run past the end of the data, which holds "
          + dataLength + " bytes; is the file truncated?");
    }
    // At most 2^31-1 elements of at most 8 bytes: the product cannot overflow.
    long bytes = shape.elementCount() * dtype.byteSize();
    if (end - begin != bytes) {
      throw new WeightsException(file, name, "shape " + shape + " of " + dtype + " needs " + bytes
          + " bytes, but data_offsets " + range + " span " + (end - begin));
    }
    return new TensorInfo(name, dtype, shape, begin, end);
  }

  private static Shape checkShape(Path file, String name, long[] dims) {
    String shown = IoErrors.abbreviate(Arrays.toString(dims));
    int[] checked = new int[dims.length];
    long count = 1;
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0) {
        throw new WeightsException(file, name, "shape " + shown + " has a negative dimension");
      }
      if (dims[i] > Integer.MAX_VALUE) {
        throw new WeightsException(file, name, "shape " + shown + " has a dimension over 2^31-1");
      }
      checked[i] = (int) dims[i];
      // Both factors are below 2^31 once count is: a long product cannot overflow before the check below fires.
      count *= dims[i];
      if (count > Integer.MAX_VALUE) {
        throw new WeightsException(file, name, "shape " + shown + " has more than 2^31-1 elements, more than a Java"
            + " array holds");
      }
    }
    return Shape.of(checked);
  }

  // The reference writer lays tensors end to end from offset 0 and its reader insists on exactly that, so that no
  // bytes of a file escape the header's description; overlaps would alias two tensors.
  private static void checkTiling(Path file, Iterable<TensorInfo> tensors, long dataLength) {
    List<TensorInfo> byOffset = new ArrayList<>();
    tensors.forEach(byOffset::add);
    byOffset.sort(Comparator.comparingLong(TensorInfo::dataBegin).thenComparingLong(TensorInfo::dataEnd));
    long covered = 0;
    TensorInfo previous = null;
    for (TensorInfo tensor : byOffset) {
      if (tensor.dataBegin() < covered) {
        throw new WeightsException(file, tensor.name(), "data_offsets " + offsets(tensor) + " overlap tensor '"
            + previous.name() + "' at " + offsets(previous));
      }
      if (tensor.dataBegin() > covered) {
        throw new WeightsException(file, tensor.name(), "data_offsets " + offsets(tensor) + " leave bytes ["
            + covered + ", " + tensor.dataBegin() + ") before it unused; tensors must lie end to end");
      }
      covered = tensor.dataEnd();
      previous = tensor;
    }
    if (covered != dataLength) {
      String last = previous == null ? "" : ", up to the end of tensor '" + previous.name() + "'";
      throw new WeightsException(file, null, "the data holds " + dataLength + " bytes but the tensors cover only "
          + covered + last + "; the file has bytes no tensor describes");
    }
  }

  private static String offsets(TensorInfo tensor) {
    return "[" + tensor.dataBegin() + ", " + tensor.dataEnd() + "]";
  }
}
