package io.jresnet.models;

import io.jresnet.ConfigException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Where the CLI's {@code MODEL} argument comes from: a zoo name or a path to a JSON spec. */
public final class ModelSource {
  private ModelSource() {}

  /**
   * The spec named by {@code model}: a {@link Zoo} name if it is one, else the JSON spec file at that path.
   *
   * @throws ConfigException when it is neither (the message lists the zoo's names), or the file is not a valid spec
   */
  public static ModelSpec resolve(String model) {
    if (Zoo.contains(model)) {
      return Zoo.load(model);
    }
    Path file;
    try {
      file = Path.of(model);
    } catch (InvalidPathException e) {
      throw unknown(model);
    }
    if (Files.isRegularFile(file)) {
      return ModelSpecReader.read(file);
    }
    throw unknown(model);
  }

  private static ConfigException unknown(String model) {
    return new ConfigException(
        model, null, 0, 0,
        "no zoo model and no file of this name; give a zoo model ("
            + String.join(", ", Zoo.names())
            + ") or the path of a JSON spec");
  }
}
