package io.jresnet.models.interop.onnx;

import java.util.List;
import java.util.Objects;

/**
 * What an ONNX {@code GraphProto} holds here: nodes in topological order, their constant tensors, one input and one
 * output.
 */
record OnnxGraph(
    String name, List<OnnxNode> nodes, List<OnnxInitializer> initializers, OnnxValueInfo input, OnnxValueInfo output) {
  OnnxGraph {
    Objects.requireNonNull(name, "name");
    nodes = List.copyOf(nodes);
    initializers = List.copyOf(initializers);
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
  }
}
