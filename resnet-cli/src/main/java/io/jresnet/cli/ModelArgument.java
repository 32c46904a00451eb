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
    return resolve(model, size, null);
  }

  /** As {@link #resolve(String, ImageSize)}, with the input channels replaced by {@code channels} when given. */
  static ModelSpec resolve(String model, ImageSize size, Integer channels) {
    ModelSpec spec = ModelSource.resolve(model);
    if (size == null && channels == null) {
      return spec;
    }
    return spec.withInput(
        size == null ? spec.input().height() : size.height(),
        size == null ? spec.input().width() : size.width(),
        channels == null ? spec.input().channels() : channels);
  }
}
