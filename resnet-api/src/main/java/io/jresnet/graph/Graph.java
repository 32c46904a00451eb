package io.jresnet.graph;

import io.jresnet.ShapeException;
import io.jresnet.tensor.Shape;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The graph IR: nodes in topological order over one NHWC input named {@link #INPUT}. The input shape has no batch
 * dimension ({@code [H, W, C]}); any batch size binds at run time.
 *
 * @param name model name (e.g. {@code resnet50})
 * @param inputShape {@code [H, W, C]}
 * @param nodes in an order where every input of a node is defined before it
 * @param output name of the node whose value the model returns
 */
public record Graph(String name, Shape inputShape, List<Node> nodes, String output) {
  public static final String INPUT = "input";

  public Graph {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(inputShape, "inputShape");
    nodes = List.copyOf(nodes);
    if (inputShape.rank() != 3) {
      throw new ShapeException(INPUT, "expected an [H, W, C] input shape, got " + inputShape);
    }
    Set<String> defined = new HashSet<>();
    defined.add(INPUT);
    for (Node n : nodes) {
      for (String in : n.inputs()) {
        if (!defined.contains(in)) {
          throw new ShapeException(n.name(), "input '" + in + "' is not defined before this node");
        }
      }
      if (!defined.add(n.name())) {
        throw new ShapeException(n.name(), "node name is used twice");
      }
    }
    if (!defined.contains(output)) {
      throw new ShapeException(String.valueOf(output), "the graph output names no node");
    }
  }

  /** Whether the output node is a {@link Ops#SOFTMAX} (class probabilities, as in the Keras-notebook model). */
  public boolean endsInSoftmax() {
    return !output.equals(INPUT) && node(output).op().equals(Ops.SOFTMAX);
  }

  /**
   * The graph that stops at the logits: when {@link #endsInSoftmax()}, the same graph with the softmax's input as
   * output and the softmax node dropped (unless another node reads it); otherwise this graph. Softmax has no
   * parameters, so both graphs take the same {@code Parameters}. Training binds this graph and applies the fused,
   * numerically stable softmax-cross-entropy to its output, which also gives the probabilities.
   */
  public Graph withoutFinalSoftmax() {
    if (!endsInSoftmax()) {
      return this;
    }
    String logits = node(output).inputs().getFirst();
    boolean softmaxRead = nodes.stream().anyMatch(n -> n.inputs().contains(output));
    List<Node> kept = softmaxRead ? nodes : nodes.stream().filter(n -> !n.name().equals(output)).toList();
    return new Graph(name, inputShape, kept, logits);
  }

  public Node node(String nodeName) {
    for (Node n : nodes) {
      if (n.name().equals(nodeName)) {
        return n;
      }
    }
    throw new IllegalArgumentException("no node named '" + nodeName + "' in graph " + name);
  }
}
