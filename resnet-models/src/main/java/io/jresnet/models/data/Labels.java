package io.jresnet.models.data;

import java.nio.file.Path;
import java.util.List;

/** Checks of the labels a reader found, with messages naming the file and the example. */
final class Labels {
  private Labels() {}

  /**
   * {@code classNames} when given, else numbered names for {@code 0 .. max(labels)}; either way every label must lie
   * in range.
   *
   * @throws DataException naming {@code file} and the index of the first label out of range
   */
  static List<String> classesFor(Path file, int[] labels, List<String> classNames) {
    if (classNames == null) {
      int max = 0;
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] < 0) {
          throw outOfRange(file, i, labels[i], "labels are class indices from 0");
        }
        max = Math.max(max, labels[i]);
      }
      return ClassNames.numbered(max + 1);
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classNames.size()) {
        throw outOfRange(
            file, i, labels[i], "there are " + classNames.size() + " classes, so labels lie in [0, "
                + classNames.size() + ")");
      }
    }
    return List.copyOf(classNames);
  }

  static DataException outOfRange(Path file, int index, long label, String why) {
    return new DataException(file, "example " + index + " has label " + label + "; " + why);
  }
}
