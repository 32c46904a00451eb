package io.jresnet.io;

import io.jresnet.JresnetException;
import java.nio.file.Path;

/**
 * A tensor file (such as {@code .npy}) that cannot be read or written; the message names the file and says what is
 * wrong with it. Weights files report {@link io.jresnet.WeightsException} instead, which also names the tensor.
 */
public final class TensorFileException extends JresnetException {
  private final String file;

  public TensorFileException(Path file, String problem) {
    this(file, problem, null);
  }

  public TensorFileException(Path file, String problem, Throwable cause) {
    super((file == null ? "<tensor file>" : file.toString()) + ": " + problem, cause);
    this.file = file == null ? null : file.toString();
  }

  /** The file at fault, as given by the caller; null when unknown. */
  public String file() {
    return file;
  }
}
