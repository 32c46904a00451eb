package io.jresnet.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code HxW} or {@code N} into an {@link ImageSize}. */
final class ImageSizeConverter implements ITypeConverter<ImageSize> {
  @Override
  public ImageSize convert(String value) {
    String[] parts = value.trim().toLowerCase(Locale.ROOT).split("x", -1);
    if (parts.length > 2) {
      throw malformed(value);
    }
    try {
      int height = Integer.parseInt(parts[0]);
      int width = parts.length == 2 ? Integer.parseInt(parts[1]) : height;
      return new ImageSize(height, width);
    } catch (NumberFormatException e) {
      throw malformed(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  private static TypeConversionException malformed(String value) {
    return new TypeConversionException("'" + value + "' is not a size; write HxW, e.g. 224x224 or 97x131");
  }
}
