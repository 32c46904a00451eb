package io.jresnet.graph;

import java.util.Objects;

/**
 * One attribute an op understands.
 *
 * @param name the key in {@link Node#attributes()}
 * @param type its value type and constraint
 * @param required whether a node must set it
 * @param defaultValue the value when absent, or null when it is required or derived from another attribute (then
 *     {@code doc} says how)
 * @param doc one line on its meaning
 */
public record AttributeSpec(String name, AttributeType type, boolean required, Object defaultValue, String doc) {
  public AttributeSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(doc, "doc");
    if (required && defaultValue != null) {
      throw new IllegalArgumentException("required attribute '" + name + "' cannot have a default");
    }
    if (defaultValue != null && !type.accepts(defaultValue)) {
      throw new IllegalArgumentException("default of '" + name + "' is not " + type.description());
    }
  }

  public static AttributeSpec required(String name, AttributeType type, String doc) {
    return new AttributeSpec(name, type, true, null, doc);
  }

  public static AttributeSpec optional(String name, AttributeType type, Object defaultValue, String doc) {
    return new AttributeSpec(name, type, false, defaultValue, doc);
  }
}
