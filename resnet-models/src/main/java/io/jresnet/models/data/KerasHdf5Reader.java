package io.jresnet.models.data;

import io.jhdf.HdfFile;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jresnet.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Reads HDF5 data sets in the layout of the Keras course notebooks ({@code train_signs.h5}, {@code test_catvnoncat.h5}):
 * {@code <prefix>_set_x} uint8 {@code [N, H, W, C]}, {@code <prefix>_set_y} integer labels {@code [N]} or {@code [1,
 * N]}, and {@code list_classes}, the class names as strings or as integers (named by their decimal digits). Examples
 * are {@code [H, W, C]} with values 0..255. Read with jhdf (pure Java).
 */
public final class KerasHdf5Reader {
  private KerasHdf5Reader() {}

  /**
   * The one split in {@code file}: its prefix is taken from the single {@code *_set_x} data set at the root.
   *
   * @throws DataException naming the file when it has no or several {@code *_set_x} data sets, or as {@link
   *     #read(Path, String)}
   */
  public static ByteDataset read(Path file) {
    try (HdfFile hdf = open(file)) {
      List<String> prefixes = new ArrayList<>();
      for (String name : hdf.getChildren().keySet()) {
        if (name.endsWith("_set_x")) {
          prefixes.add(name.substring(0, name.length() - "_set_x".length()));
        }
      }
      if (prefixes.size() != 1) {
        throw new DataException(file, "expected exactly one '<prefix>_set_x' data set at the root, found "
            + prefixes.size() + " among " + hdf.getChildren().keySet() + "; name the prefix ('train', 'test')");
      }
      return read(hdf, file, prefixes.getFirst());
    } catch (HdfException e) {
      throw new DataException(file, "cannot read the HDF5 file: " + e.getMessage(), e);
    }
  }

  /**
   * The split {@code prefix} ({@code "train"}, {@code "test"}) of {@code file}.
   *
   * @throws DataException naming the file and the data set at fault: missing, of the wrong type or rank, counts that
   *     differ between x and y, or naming the example whose label is out of range
   */
  public static ByteDataset read(Path file, String prefix) {
    try (HdfFile hdf = open(file)) {
      return read(hdf, file, prefix);
    } catch (HdfException e) {
      throw new DataException(file, "cannot read the HDF5 file: " + e.getMessage(), e);
    }
  }

  private static HdfFile open(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new DataException(file, Files.exists(file) ? "not a regular file" : "no such file");
    }
    try {
      return new HdfFile(file);
    } catch (HdfException e) {
      throw new DataException(file, "not a readable HDF5 file: " + e.getMessage(), e);
    }
  }

  private static ByteDataset read(HdfFile hdf, Path file, String prefix) {
    String xName = prefix + "_set_x";
    String yName = prefix + "_set_y";
    io.jhdf.api.Dataset x = dataset(hdf, file, xName);
    io.jhdf.api.Dataset y = dataset(hdf, file, yName);
    io.jhdf.api.Dataset classes = dataset(hdf, file, "list_classes");

    int[] xDims = x.getDimensions();
    if (xDims.length != 4 || !(x.getDataType() instanceof FixedPoint fx) || fx.getSize() != 1 || fx.isSigned()) {
      throw new DataException(file, "'" + xName + "' is " + describe(x) + "; expected uint8 [N, H, W, C]");
    }
    int[] yDims = y.getDimensions();
    boolean vector = yDims.length == 1 || (yDims.length == 2 && yDims[0] == 1);
    if (!vector || !(y.getDataType() instanceof FixedPoint)) {
      throw new DataException(file, "'" + yName + "' is " + describe(y) + "; expected integer labels [N] or [1, N]");
    }
    long[] rawLabels = integers(file, y);
    if (rawLabels.length != xDims[0]) {
      throw new DataException(file, "'" + yName + "' holds " + rawLabels.length + " labels, but '" + xName
          + "' holds " + xDims[0] + " images");
    }
    List<String> names = classNames(file, classes);
    int[] labels = new int[rawLabels.length];
    for (int i = 0; i < labels.length; i++) {
      if (rawLabels[i] < 0 || rawLabels[i] >= names.size()) {
        throw new DataException(file, "'" + yName + "' example " + i + " has label " + rawLabels[i] + "; 'list_classes'"
            + " has " + names.size() + " classes, so labels lie in [0, " + names.size() + ")");
      }
      labels[i] = (int) rawLabels[i];
    }
    // jhdf widens uint8 to int; narrow back to keep a quarter of the memory.
    int[] wide = (int[]) x.getDataFlat();
    byte[] pixels = new byte[wide.length];
    for (int i = 0; i < wide.length; i++) {
      pixels[i] = (byte) wide[i];
    }
    return new ByteDataset(Shape.of(xDims[1], xDims[2], xDims[3]), pixels, labels, names);
  }

  private static io.jhdf.api.Dataset dataset(HdfFile hdf, Path file, String name) {
    Map<String, Node> children = hdf.getChildren();
    if (!(children.get(name) instanceof io.jhdf.api.Dataset dataset)) {
      throw new DataException(file, "has no data set '" + name + "' at the root (found " + children.keySet()
          + "); the Keras-notebook layout is <prefix>_set_x, <prefix>_set_y, list_classes");
    }
    return dataset;
  }

  private static List<String> classNames(Path file, io.jhdf.api.Dataset classes) {
    Object data = classes.getDataFlat();
    List<String> names = new ArrayList<>();
    if (data instanceof String[] strings) {
      names.addAll(List.of(strings));
    } else if (classes.getDataType() instanceof FixedPoint) {
      for (long value : integers(file, classes)) {
        names.add(Long.toString(value));
      }
    } else {
      throw new DataException(file, "'list_classes' is " + describe(classes) + "; expected strings or integers");
    }
    if (names.isEmpty() || classes.getDimensions().length != 1) {
      throw new DataException(file, "'list_classes' is " + describe(classes) + "; expected a non-empty list");
    }
    return names;
  }

  private static long[] integers(Path file, io.jhdf.api.Dataset dataset) {
    return switch (dataset.getDataFlat()) {
      case long[] a -> a;
      case int[] a -> Arrays.stream(a).asLongStream().toArray();
      case short[] a -> {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
          out[i] = a[i];
        }
        yield out;
      }
      case byte[] a -> {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
          out[i] = a[i];
        }
        yield out;
      }
      // jhdf returns unsigned 64-bit integers as BigInteger; no label set needs them.
      default -> throw new DataException(file, "'" + dataset.getName() + "' is " + describe(dataset)
          + "; expected integers of at most 32 bits, or int64");
    };
  }

  private static String describe(io.jhdf.api.Dataset dataset) {
    DataType type = dataset.getDataType();
    String name = type instanceof FixedPoint f
        ? (f.isSigned() ? "int" : "uint") + 8 * f.getSize()
        : dataset.getJavaType().getSimpleName();
    return name + " " + Arrays.toString(dataset.getDimensions());
  }
}
