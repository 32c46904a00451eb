package io.jresnet.models;

import io.jresnet.ConfigException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The built-in model specs, stored as JSON resources under {@code io/jresnet/models/zoo/NAME.json}. Errors in them
 * name the document {@code zoo:NAME}.
 */
public final class Zoo {
  private static final List<String> NAMES =
      List.of(
          "resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "resnet50-keras-64x64-6", "resnet20",
          "resnet56");

  private Zoo() {}

  /** The zoo's model names, torchvision models first. */
  public static List<String> names() {
    return NAMES;
  }

  public static boolean contains(String name) {
    return NAMES.contains(name);
  }

  /** Every zoo spec, in the order of {@link #names()} (for listings: name and description). */
  public static List<ModelSpec> all() {
    return NAMES.stream().map(Zoo::load).toList();
  }

  /**
   * The spec of a zoo model.
   *
   * @throws ConfigException for an unknown name, listing the zoo's names
   */
  public static ModelSpec load(String name) {
    if (!contains(name)) {
      throw new ConfigException(
          name, null, 0, 0, "unknown model '" + name + "'; the zoo has: " + String.join(", ", NAMES));
    }
    String source = "zoo:" + name;
    InputStream in = Zoo.class.getResourceAsStream("zoo/" + name + ".json");
    if (in == null) {
      throw new ConfigException(source, null, 0, 0, "the zoo resource is missing from the class path");
    }
    return ModelSpecReader.read(new InputStreamReader(in, StandardCharsets.UTF_8), source);
  }
}
