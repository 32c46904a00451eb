package io.jresnet.cli;

import io.jresnet.models.ModelSource;
import io.jresnet.models.ModelSpec;

/** How commands turn their {@code MODEL} argument and an optional input size into a spec. */
final class ModelArgument {
  private ModelArgument() {}

  /**
   * The spec of {@code model} (a zoo name or a JSON spec file), with its input height and width replaced by
   * {@code size} when given (channels stay).
   *
   * @throws io.jresnet.ConfigException when {@code model} is neither a zoo name nor a valid spec file
   */
  static ModelSpec resolve(String model, ImageSize size) {
    ModelSpec spec = ModelSource.resolve(model);
    return size == null ? spec : spec.withInput(size.height(), size.width(), spec.input().channels());
  }
}
