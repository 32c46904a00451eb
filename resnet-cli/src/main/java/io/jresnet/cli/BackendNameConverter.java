package io.jresnet.cli;

import com.google.inject.Inject;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Accepts the {@code --backend} names this build knows, so a typo is a usage error that lists the choices. */
final class BackendNameConverter implements ITypeConverter<String> {
  private final BackendSelector selector;

  @Inject
  BackendNameConverter(BackendSelector selector) {
    this.selector = selector;
  }

  @Override
  public String convert(String value) {
    if (!selector.acceptedNames().contains(value)) {
      throw new TypeConversionException(selector.unknown(value).getMessage());
    }
    return value;
  }
}
