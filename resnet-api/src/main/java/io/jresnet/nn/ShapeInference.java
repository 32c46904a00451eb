package io.jresnet.nn;

import io.jresnet.ShapeException;
import io.jresnet.graph.Graph;
import io.jresnet.graph.Node;
import io.jresnet.tensor.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Infers every node's output shape from the input shape, before any backend or memory exists (the Keras shape
 * pass). The first node whose rule fails throws a {@link ShapeException} naming it, with the expected and actual
 * shapes; an input too small for the strides fails at the node where its size would reach 0.
 */
public final class ShapeInference {
  private ShapeInference() {}

  /**
   * Shapes for the graph's own input size at batch {@code batch}.
   *
   * @return {@link Graph#INPUT} first ({@code [batch, H, W, C]}), then every node in graph order; unmodifiable
   */
  public static Map<String, Shape> infer(Graph graph, int batch) {
    if (batch < 1) {
      throw new ShapeException(Graph.INPUT, "batch size must be >= 1, got " + batch);
    }
    return infer(graph, graph.inputShape().prependBatch(batch));
  }

  /**
   * Shapes for an NHWC input of any size (a graph whose layers allow it, e.g. ending in global pooling, runs at
   * sizes other than {@link Graph#inputShape()}).
   *
   * @param input {@code [N, H, W, C]}
   * @return {@link Graph#INPUT} first, then every node in graph order; unmodifiable
   */
  public static Map<String, Shape> infer(Graph graph, Shape input) {
    return infer(graph, Layers.createAll(graph), input);
  }

  static Map<String, Shape> infer(Graph graph, List<Layer> layers, Shape input) {
    requireUsableInput(input);
    Map<String, Shape> shapes = new LinkedHashMap<>();
    shapes.put(Graph.INPUT, input);
    for (Layer layer : layers) {
      shapes.put(layer.node().name(), layer.outputShape(inputShapes(layer.node(), shapes)));
    }
    if (!shapes.containsKey(graph.output())) {
      throw new ShapeException(graph.output(), "the graph output names no node");
    }
    return Collections.unmodifiableMap(shapes);
  }

  /** The shapes of {@code node}'s inputs, looked up in already inferred {@code shapes}. */
  static List<Shape> inputShapes(Node node, Map<String, Shape> shapes) {
    List<Shape> out = new ArrayList<>(node.inputs().size());
    for (String in : node.inputs()) {
      Shape s = shapes.get(in);
      if (s == null) {
        throw new ShapeException(node.name(), "input '" + in + "' is not defined before this node");
      }
      out.add(s);
    }
    return out;
  }

  private static void requireUsableInput(Shape input) {
    if (input.rank() != 4) {
      throw new ShapeException(Graph.INPUT, "expected an NHWC input [N, H, W, C], got " + input);
    }
    for (int i = 0; i < 4; i++) {
      if (input.dim(i) < 1) {
        throw new ShapeException(Graph.INPUT, "every dimension must be >= 1, got " + input);
      }
    }
  }
}
