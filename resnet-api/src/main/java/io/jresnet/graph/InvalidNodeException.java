package io.jresnet.graph;

import io.jresnet.JresnetException;

/**
 * A graph node that cannot be executed as written: an unknown op, a wrong number of inputs, or a missing, unknown
 * or invalid attribute. The message names the node and the attribute at fault; {@link #field()} locates it inside
 * the node as a relative JSON pointer ({@code op}, {@code inputs}, {@code attributes/stride}), so readers of graph
 * JSON can report the absolute pointer and line.
 */
public final class InvalidNodeException extends JresnetException {
  private final String node;
  private final String field;
  private final String problem;

  /**
   * @param node the node's name
   * @param field where in the node: {@code op}, {@code inputs}, {@code attributes} or {@code attributes/<name>}
   * @param problem what is wrong and what is allowed, e.g. {@code attribute 'stride' must be ... , got [0, 2]}
   */
  public InvalidNodeException(String node, String field, String problem) {
    super("node '" + node + "': " + problem);
    this.node = node;
    this.field = field;
    this.problem = problem;
  }

  public String node() {
    return node;
  }

  /** The place inside the node, as a JSON pointer relative to the node object (no leading slash). */
  public String field() {
    return field;
  }

  /** The message without the node prefix. */
  public String problem() {
    return problem;
  }
}
