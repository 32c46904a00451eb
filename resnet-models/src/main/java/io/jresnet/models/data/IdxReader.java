package io.jresnet.models.data;

import io.jresnet.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads MNIST-style IDX data sets (MNIST, Fashion-MNIST): an image file {@code [N, rows, cols]} (one channel) or
 * {@code [N, rows, cols, channels]} and a label file {@code [N]}, unsigned bytes, each raw or gzip-compressed.
 * Examples are {@code [rows, cols, channels]} with values 0..255.
 */
public final class IdxReader {
  /** The optional class-name file beside a split's IDX files, one name per line. */
  public static final String CLASS_NAMES_FILE = "classes.txt";

  private IdxReader() {}

  /**
   * The images and labels of two IDX files, with classes named {@code "0" .. max(label)}.
   *
   * @throws DataException naming the file at fault: unreadable, not IDX, not unsigned bytes, the wrong rank, ending
   *     inside a record or corrupt (naming the record), or counts that differ between the two files
   */
  public static ByteDataset read(Path images, Path labels) {
    return read(images, labels, null);
  }

  /**
   * The images and labels of two IDX files with the given class names ({@code null}: numbered from the labels).
   *
   * @throws DataException as {@link #read(Path, Path)}, and naming the label file and the example whose label is
   *     not below {@code classNames.size()}
   */
  public static ByteDataset read(Path images, Path labels, List<String> classNames) {
    IdxArray x = IdxArray.read(images, "image", 3, 4);
    IdxArray y = IdxArray.read(labels, "label", 1, 1);
    if (x.count() != y.count()) {
      throw new DataException(labels, "holds " + y.count() + " labels, but " + images + " holds " + x.count()
          + " images");
    }
    int[] ints = new int[y.count()];
    for (int i = 0; i < ints.length; i++) {
      ints[i] = y.data()[i] & 0xFF;
    }
    List<String> names = Labels.classesFor(labels, ints, classNames);
    int channels = x.dims().length == 4 ? x.dims()[3] : 1;
    return new ByteDataset(Shape.of(x.dims()[1], x.dims()[2], channels), x.data(), ints, names);
  }

  /**
   * The split {@code prefix} ({@code "train"}, {@code "t10k"}) of an MNIST-style folder: {@code
   * <prefix>-images-idx3-ubyte} and {@code <prefix>-labels-idx1-ubyte} (also with {@code .} for the last {@code -},
   * each optionally {@code .gz}), named by {@value #CLASS_NAMES_FILE} when the folder has one.
   *
   * @throws DataException naming the folder when a file is missing, or the file at fault as {@link #read(Path,
   *     Path, List)}
   */
  public static ByteDataset readSplit(Path folder, String prefix) {
    Path images = find(folder, prefix + "-images", "idx3-ubyte");
    Path labels = find(folder, prefix + "-labels", "idx1-ubyte");
    Path names = folder.resolve(CLASS_NAMES_FILE);
    return read(images, labels, Files.exists(names) ? ClassNames.read(names) : null);
  }

  private static Path find(Path folder, String stem, String suffix) {
    if (!Files.isDirectory(folder)) {
      throw new DataException(folder, "no such folder (expected MNIST-style IDX files in it)");
    }
    for (String separator : List.of("-", ".")) {
      for (String compression : List.of(".gz", "")) {
        Path candidate = folder.resolve(stem + separator + suffix + compression);
        if (Files.isRegularFile(candidate)) {
          return candidate;
        }
      }
    }
    throw new DataException(folder, "has no " + stem + "-" + suffix + " (nor .gz, nor " + stem + "." + suffix
        + "[.gz])");
  }
}
