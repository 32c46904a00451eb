package io.jresnet.models.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Class-name lists: read from a text file, or numbered when a data set carries none. */
public final class ClassNames {
  private ClassNames() {}

  /**
   * The names in {@code file}, one per line in label order (CIFAR-10's {@code batches.meta.txt}, the bundled
   * {@code classes.txt}); surrounding spaces are trimmed and blank lines skipped.
   *
   * @throws DataException naming the file when it is missing, not UTF-8, empty, or names a class twice
   */
  public static List<String> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new DataException(file, "no such file (expected the class names, one per line)");
    } catch (IOException e) {
      throw new DataException(file, "cannot read the class names: " + e.getMessage(), e);
    }
    List<String> names = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String name = lines.get(i).strip();
      if (name.isEmpty()) {
        continue;
      }
      if (!seen.add(name)) {
        throw new DataException(file, "line " + (i + 1) + " names class '" + name + "' a second time");
      }
      names.add(name);
    }
    if (names.isEmpty()) {
      throw new DataException(file, "holds no class names (expected one per line)");
    }
    return List.copyOf(names);
  }

  /** {@code "0", "1", ..., "count-1"}: the names of data sets whose labels are their own names (MNIST digits). */
  public static List<String> numbered(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("a data set needs at least one class, got " + count);
    }
    List<String> names = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      names.add(Integer.toString(i));
    }
    return List.copyOf(names);
  }
}
