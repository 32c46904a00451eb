package io.jresnet.nn;

import java.util.Objects;

/**
 * Where a NaN or infinity first appeared in a watched training step (see {@link Model#watchNonFinite}): the node,
 * what held it, and how many elements were not finite.
 *
 * @param node the graph node ({@link io.jresnet.graph.Graph#INPUT} for the input batch)
 * @param kind which of the node's values held it
 * @param tensor the value's name: the node's name for its output, the input's name for an input gradient, the full
 *     parameter name for a parameter or its gradient
 * @param count how many of its elements are NaN or infinite, at least 1
 */
public record NonFiniteValue(String node, Kind kind, String tensor, long count) {
  /** Which value of a node held the first non-finite element; the order is the order they are checked. */
  public enum Kind {
    /** A parameter (or batch-norm running statistic), checked before the node's forward. */
    PARAMETER("parameter"),
    /** The node's forward output (for the graph input node: the input batch). */
    OUTPUT("output"),
    /** The gradient the node's backward computed for one of its inputs (named by {@code tensor}). */
    INPUT_GRADIENT("gradient of input"),
    /** The gradient the node's backward wrote for one of its parameters. */
    PARAMETER_GRADIENT("gradient of parameter");

    private final String description;

    Kind(String description) {
      this.description = description;
    }
  }

  public NonFiniteValue {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(tensor, "tensor");
    if (count < 1) {
      throw new IllegalArgumentException("a non-finite value has at least 1 bad element, got " + count);
    }
  }

  /** E.g. {@code node 'layer1.0.bn2': gradient of input 'layer1.0.conv2' has 12 non-finite values}. */
  public String describe() {
    String what =
        switch (kind) {
          case OUTPUT -> "output";
          case PARAMETER, INPUT_GRADIENT, PARAMETER_GRADIENT -> kind.description + " '" + tensor + "'";
        };
    return "node '" + node + "': " + what + " has " + count + " non-finite value" + (count == 1 ? "" : "s");
  }
}
