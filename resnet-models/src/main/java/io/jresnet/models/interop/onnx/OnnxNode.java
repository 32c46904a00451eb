package io.jresnet.models.interop.onnx;

import java.util.List;
import java.util.Objects;

/**
 * One ONNX node of the default ({@code ai.onnx}) domain.
 *
 * @param name unique within the graph
 * @param opType the ONNX operator, e.g. {@code Conv}
 * @param inputs value names (tensors computed earlier, initializers or the graph input)
 * @param outputs value names this node defines
 * @param attributes in the order they are written
 */
record OnnxNode(
    String name, String opType, List<String> inputs, List<String> outputs, List<OnnxAttribute> attributes) {
  OnnxNode {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(opType, "opType");
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    attributes = List.copyOf(attributes);
  }

  /** A node with one output. */
  static OnnxNode of(String name, String opType, List<String> inputs, String output, OnnxAttribute... attributes) {
    return new OnnxNode(name, opType, inputs, List.of(output), List.of(attributes));
  }
}
