package io.jresnet.models.data;

import io.jresnet.JresnetException;
import java.nio.file.Path;

/** A data file (an image, a data set) that cannot be used; the message names the file and what is wrong. */
public final class DataException extends JresnetException {
  private final String file;

  public DataException(Path file, String problem) {
    this(file, problem, null);
  }

  public DataException(Path file, String problem, Throwable cause) {
    super((file == null ? "<data>" : file.toString()) + ": " + problem, cause);
    this.file = file == null ? null : file.toString();
  }

  /** The file at fault, or null. */
  public String file() {
    return file;
  }
}
