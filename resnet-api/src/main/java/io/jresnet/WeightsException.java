package io.jresnet;

import java.nio.file.Path;

/** A weights file that cannot be used; the message names the file and, where one is at fault, the tensor. */
public final class WeightsException extends JresnetException {
  private final String file;
  private final String tensor;

  public WeightsException(Path file, String tensor, String problem) {
    this(file == null ? null : file.toString(), tensor, problem, null);
  }

  public WeightsException(String file, String tensor, String problem, Throwable cause) {
    super(format(file, tensor, problem), cause);
    this.file = file;
    this.tensor = tensor;
  }

  private static String format(String file, String tensor, String problem) {
    String where = file == null ? "<weights>" : file;
    if (tensor != null) {
      where += ", tensor '" + tensor + "'";
    }
    return where + ": " + problem;
  }

  public String file() {
    return file;
  }

  public String tensor() {
    return tensor;
  }
}
