package io.jresnet.models.data;

import io.jresnet.io.HostTensor;
import io.jresnet.io.Npy;
import io.jresnet.io.TensorFileException;
import io.jresnet.tensor.Shape;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a data set from two {@code .npy} files: images {@code x} of shape {@code [N, H, W, C]} (or {@code [N, H, W]},
 * one channel), float32, float64 or uint8, and labels {@code y} of shape {@code [N]} holding integers (int32, int64,
 * uint8, or integral floats). Examples hold the values as stored (uint8 as 0..255).
 */
public final class NpyPairReader {
  private NpyPairReader() {}

  /**
   * The pair {@code x}, {@code y}, with classes named {@code "0" .. max(label)}.
   *
   * @throws DataException naming the file at fault: unreadable or not a supported {@code .npy} array, the wrong
   *     rank, counts that differ, or the example whose label is not a class index
   */
  public static FloatDataset read(Path x, Path y) {
    return read(x, y, null);
  }

  /**
   * The pair {@code x}, {@code y} with the given class names ({@code null}: numbered from the labels).
   *
   * @throws DataException as {@link #read(Path, Path)}, and naming the example whose label is not below {@code
   *     classNames.size()}
   */
  public static FloatDataset read(Path x, Path y, List<String> classNames) {
    HostTensor images = readNpy(x);
    HostTensor labels = readNpy(y);
    Shape xs = images.shape();
    if (xs.rank() != 3 && xs.rank() != 4) {
      throw new DataException(x, "has shape " + xs + "; expected images [N, H, W, C] or [N, H, W]");
    }
    if (labels.shape().rank() != 1) {
      throw new DataException(y, "has shape " + labels.shape() + "; expected labels [N]");
    }
    if (labels.shape().dim(0) != xs.dim(0)) {
      throw new DataException(y, "holds " + labels.shape().dim(0) + " labels, but " + x + " holds " + xs.dim(0)
          + " images");
    }
    Shape example = Shape.of(xs.dim(1), xs.dim(2), xs.rank() == 4 ? xs.dim(3) : 1);
    if (xs.dim(1) < 1 || xs.dim(2) < 1 || example.dim(2) < 1) {
      throw new DataException(x, "has shape " + xs + "; every image dimension must be positive");
    }
    float[] values = labels.data();
    int[] ints = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      float v = values[i];
      if (v != Math.rint(v) || v < 0 || v > Integer.MAX_VALUE) {
        throw new DataException(y, "example " + i + " has label " + v + "; labels are class indices 0, 1, 2, ...");
      }
      ints[i] = (int) v;
    }
    List<String> names = Labels.classesFor(y, ints, classNames);
    return new FloatDataset(example, images.data(), ints, names);
  }

  private static HostTensor readNpy(Path file) {
    try {
      return Npy.read(file);
    } catch (TensorFileException e) {
      // One exception type for every data-set error.
      throw new DataException(file, DataErrors.problem(e, file), e);
    }
  }
}
