package io.jresnet;

/** Shapes that do not fit together; the message names the graph node and the expected and actual shapes. */
public final class ShapeException extends JresnetException {
  private final String node;

  public ShapeException(String node, String problem) {
    super("node '" + node + "': " + problem);
    this.node = node;
  }

  public String node() {
    return node;
  }
}
