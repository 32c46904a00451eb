package io.jresnet.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a node of one op must look like: how many inputs it takes and which attributes it understands.
 *
 * @param op the op name, one of {@link Ops#ALL}
 * @param inputs the exact number of inputs
 * @param attributes in documentation order
 */
public record OpSpec(String op, int inputs, List<AttributeSpec> attributes) {
  public OpSpec {
    Objects.requireNonNull(op, "op");
    attributes = List.copyOf(attributes);
    if (inputs < 1) {
      throw new IllegalArgumentException("an op takes at least one input");
    }
  }

  /** The attribute called {@code name}, or null when this op has none of that name. */
  public AttributeSpec attribute(String name) {
    for (AttributeSpec a : attributes) {
      if (a.name().equals(name)) {
        return a;
      }
    }
    return null;
  }

  /** The attribute names, in documentation order. */
  public List<String> attributeNames() {
    return attributes.stream().map(AttributeSpec::name).toList();
  }

  /**
   * Checks a node of this op: input count, no unknown attributes, every required one present and every value of
   * the right type.
   *
   * @throws InvalidNodeException naming the node and the attribute at fault
   */
  public void validate(Node node) {
    if (!node.op().equals(op)) {
      throw new IllegalArgumentException("node '" + node.name() + "' is a " + node.op() + ", not a " + op);
    }
    if (node.inputs().size() != inputs) {
      throw new InvalidNodeException(
          node.name(),
          "inputs",
          op + " takes " + inputs + (inputs == 1 ? " input" : " inputs") + ", got " + node.inputs().size()
              + " " + node.inputs());
    }
    for (var entry : node.attributes().entrySet()) {
      AttributeSpec spec = attribute(entry.getKey());
      if (spec == null) {
        throw new InvalidNodeException(
            node.name(),
            "attributes/" + entry.getKey(),
            "unknown attribute '" + entry.getKey() + "' for " + op + "; allowed: " + allowed());
      }
      if (!spec.type().accepts(entry.getValue())) {
        throw new InvalidNodeException(
            node.name(),
            "attributes/" + entry.getKey(),
            "attribute '" + spec.name() + "' must be " + spec.type().description() + ", got "
                + quote(entry.getValue()));
      }
    }
    List<String> missing = new ArrayList<>();
    for (AttributeSpec a : attributes) {
      if (a.required() && !node.attributes().containsKey(a.name())) {
        missing.add("'" + a.name() + "' (" + a.type().description() + ": " + a.doc() + ")");
      }
    }
    if (!missing.isEmpty()) {
      throw new InvalidNodeException(
          node.name(),
          "attributes",
          op + " needs attribute" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing));
    }
  }

  private String allowed() {
    return attributes.isEmpty() ? "none" : String.join(", ", attributeNames());
  }

  private static String quote(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }
}
