package io.jresnet.nn;

import io.jresnet.graph.Graph;
import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.tensor.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Hand-written graphs for tests: appends nodes with the attribute forms of {@link Ops}, returns node names. */
public final class GraphBuilder {
  private final List<Node> nodes = new ArrayList<>();

  public String conv(String name, String in, int filters, int kernel, int stride, int padding, boolean bias) {
    return node(
        name,
        Ops.CONV2D,
        Map.of(
            "filters", filters,
            "kernel", List.of(kernel, kernel),
            "stride", List.of(stride, stride),
            "padding", List.of(padding, padding, padding, padding),
            "bias", bias),
        in);
  }

  public String batchNorm(String name, String in, double epsilon) {
    return node(name, Ops.BATCH_NORM, Map.of("epsilon", epsilon, "momentum", 0.1), in);
  }

  public String relu(String name, String in) {
    return node(name, Ops.RELU, Map.of(), in);
  }

  public String add(String name, String a, String b) {
    return node(name, Ops.ADD, Map.of(), a, b);
  }

  public String maxPool(String name, String in, int kernel, int stride, int padding) {
    return node(name, Ops.MAX_POOL2D, Map.of("kernel", kernel, "stride", stride, "padding", padding), in);
  }

  public String avgPool(String name, String in, int kernel, int stride, int padding, boolean countPadding) {
    Map<String, Object> attributes = new HashMap<>();
    attributes.put("kernel", List.of(kernel, kernel));
    attributes.put("stride", List.of(stride, stride));
    attributes.put("padding", List.of(padding, padding, padding, padding));
    attributes.put("count_padding", countPadding);
    return node(name, Ops.AVG_POOL2D, attributes, in);
  }

  public String zeroPad(String name, String in, int padding) {
    return node(name, Ops.ZERO_PAD2D, Map.of("padding", List.of(padding, padding, padding, padding)), in);
  }

  public String globalAvgPool(String name, String in) {
    return node(name, Ops.GLOBAL_AVG_POOL, Map.of(), in);
  }

  public String flatten(String name, String in) {
    return node(name, Ops.FLATTEN, Map.of(), in);
  }

  public String dense(String name, String in, int units) {
    return node(name, Ops.DENSE, Map.of("units", units), in);
  }

  public String softmax(String name, String in) {
    return node(name, Ops.SOFTMAX, Map.of(), in);
  }

  public String node(String name, String op, Map<String, Object> attributes, String... inputs) {
    nodes.add(new Node(name, op, attributes, inputs));
    return name;
  }

  public Graph build(String graphName, int height, int width, int channels, String output) {
    return new Graph(graphName, Shape.of(height, width, channels), nodes, output);
  }
}
