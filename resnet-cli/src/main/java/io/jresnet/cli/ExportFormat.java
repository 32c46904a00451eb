package io.jresnet.cli;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** What {@code resnet export} writes: the weights, the graph the model expands to, or both as an ONNX model. */
enum ExportFormat {
  /** The weights in torchvision's layout (state_dict names, OIHW convolutions), as PyTorch's safetensors loads. */
  SAFETENSORS,
  /** The graph IR as JSON ({@link io.jresnet.graph.GraphJson}): nodes, ops and attributes, no weights. */
  JSON,
  /**
   * Graph and weights as an ONNX model ({@link io.jresnet.models.interop.onnx.OnnxExporter}): NCHW input, opset 13,
   * for ONNX Runtime and other ONNX tools.
   */
  ONNX;

  /** How the format is written on the command line. */
  String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static List<String> cliNames() {
    return Arrays.stream(values()).map(ExportFormat::cliName).toList();
  }

  /** Parses {@code --format}, ignoring case and surrounding blanks. */
  static final class Converter implements ITypeConverter<ExportFormat> {
    @Override
    public ExportFormat convert(String value) {
      String name = value.trim().toLowerCase(Locale.ROOT);
      for (ExportFormat format : values()) {
        if (format.cliName().equals(name)) {
          return format;
        }
      }
      throw new TypeConversionException(
          "unknown format '" + value + "'; supported formats: " + String.join(", ", cliNames()));
    }
  }

  /** The formats for shell completion and help. */
  static final class Candidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return cliNames().iterator();
    }
  }
}
