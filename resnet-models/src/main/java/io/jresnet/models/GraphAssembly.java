package io.jresnet.models;

import io.jresnet.ShapeException;
import io.jresnet.backend.Conv2dParams;
import io.jresnet.graph.Graph;
import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Appends nodes to a graph under construction while tracking each node's {@code [H, W, C]}, so that the builder can
 * size 'same' paddings and name the node at which an input becomes too small for the strides.
 */
final class GraphAssembly {
  private final List<Node> nodes = new ArrayList<>();
  private final Map<String, int[]> shapes = new HashMap<>();

  GraphAssembly(int height, int width, int channels) {
    shapes.put(Graph.INPUT, new int[] {height, width, channels});
  }

  int height(String node) {
    return shapes.get(node)[0];
  }

  int width(String node) {
    return shapes.get(node)[1];
  }

  int channels(String node) {
    return shapes.get(node)[2];
  }

  String conv(String name, String input, int filters, int kernel, int stride, int padding, boolean bias) {
    int h = window(name, input, height(input), kernel, stride, 2 * padding);
    int w = window(name, input, width(input), kernel, stride, 2 * padding);
    return add(
        new Node(
            name,
            Ops.CONV2D,
            Map.of(
                "kernel", List.of(kernel, kernel),
                "stride", List.of(stride, stride),
                "padding", List.of(padding, padding, padding, padding),
                "dilation", List.of(1, 1),
                "groups", 1,
                "filters", filters,
                "bias", bias),
            input),
        h, w, filters);
  }

  String batchNorm(String name, String input, BatchNormSpec bn) {
    return same(new Node(name, Ops.BATCH_NORM, Map.of("epsilon", bn.epsilon(), "momentum", bn.momentum()), input));
  }

  String relu(String name, String input) {
    return same(new Node(name, Ops.RELU, Map.of(), input));
  }

  String add(String name, String left, String right) {
    if (!Arrays.equals(shapes.get(left), shapes.get(right))) {
      throw new ShapeException(
          name, "cannot add " + describe(left) + " and " + describe(right) + ": the shapes differ");
    }
    return same(new Node(name, Ops.ADD, Map.of(), left, right));
  }

  String zeroPad(String name, String input, int padding) {
    List<Integer> pads = List.of(padding, padding, padding, padding);
    return add(
        new Node(name, Ops.ZERO_PAD2D, Map.of("padding", pads), input),
        height(input) + 2 * padding, width(input) + 2 * padding, channels(input));
  }

  /** A square pool with explicit padding {@code [top, bottom, left, right]}. */
  String pool(String name, String op, String input, int size, int stride, int[] pad, boolean countPadding) {
    int h = window(name, input, height(input), size, stride, pad[0] + pad[1]);
    int w = window(name, input, width(input), size, stride, pad[2] + pad[3]);
    Map<String, Object> attributes = new HashMap<>();
    attributes.put("kernel", List.of(size, size));
    attributes.put("stride", List.of(stride, stride));
    attributes.put("padding", List.of(pad[0], pad[1], pad[2], pad[3]));
    if (op.equals(Ops.AVG_POOL2D)) {
      attributes.put("count_padding", countPadding);
    }
    return add(new Node(name, op, attributes, input), h, w, channels(input));
  }

  String globalAveragePool(String name, String input) {
    return add(new Node(name, Ops.GLOBAL_AVG_POOL, Map.of(), input), 1, 1, channels(input));
  }

  String flatten(String name, String input) {
    return add(
        new Node(name, Ops.FLATTEN, Map.of(), input), 1, 1, height(input) * width(input) * channels(input));
  }

  String dense(String name, String input, int units) {
    return add(new Node(name, Ops.DENSE, Map.of("units", units, "bias", true), input), 1, 1, units);
  }

  String softmax(String name, String input) {
    return same(new Node(name, Ops.SOFTMAX, Map.of(), input));
  }

  Graph graph(String name, String output) {
    int[] in = shapes.get(Graph.INPUT);
    return new Graph(name, Shape.of(in), nodes, output);
  }

  private String same(Node node) {
    int[] in = shapes.get(node.inputs().get(0));
    return add(node, in[0], in[1], in[2]);
  }

  private String add(Node node, int h, int w, int c) {
    nodes.add(node);
    shapes.put(node.name(), new int[] {h, w, c});
    return node.name();
  }

  /** Output length of a window; a {@link ShapeException} when the input is too small for it. */
  private int window(String name, String input, int length, int kernel, int stride, int totalPad) {
    int out = Conv2dParams.outputSize(length, kernel, stride, totalPad, 1);
    if (out < 1) {
      throw new ShapeException(
          name,
          "its input " + describe(input) + " is smaller than its " + kernel + "x" + kernel + " window (padding "
              + totalPad + " in all); the model input "
              + describe(Graph.INPUT) + " is too small for this model's strides");
    }
    return out;
  }

  private String describe(String node) {
    int[] s = shapes.get(node);
    return "'" + node + "' " + s[0] + "x" + s[1] + "x" + s[2];
  }
}
