package io.jresnet.graph;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One node of the graph IR: a named operation over named inputs. Names of parameterised nodes follow torchvision's
 * {@code state_dict} ({@code conv1}, {@code layer1.0.bn2}, {@code layer2.0.downsample.0}, {@code fc}), so a node's
 * parameters are {@code name + ".weight"} and so on.
 *
 * @param name unique within the graph
 * @param op the operation, one of {@link Ops}
 * @param attributes JSON-representable values: Integer, Double, Boolean, String, or Lists of them
 * @param inputs names of earlier nodes (or {@link Graph#INPUT})
 */
public record Node(String name, String op, Map<String, Object> attributes, List<String> inputs) {
  public Node {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(op, "op");
    attributes = Map.copyOf(attributes);
    inputs = List.copyOf(inputs);
  }

  public Node(String name, String op, Map<String, Object> attributes, String... inputs) {
    this(name, op, attributes, List.of(inputs));
  }

  /** Integer attribute, or {@code fallback} when absent. */
  public int intAttr(String key, int fallback) {
    Object v = attributes.get(key);
    return v == null ? fallback : ((Number) v).intValue();
  }

  /** Floating-point attribute, or {@code fallback} when absent. */
  public double doubleAttr(String key, double fallback) {
    Object v = attributes.get(key);
    return v == null ? fallback : ((Number) v).doubleValue();
  }

  public boolean boolAttr(String key, boolean fallback) {
    Object v = attributes.get(key);
    return v == null ? fallback : (Boolean) v;
  }

  public String stringAttr(String key, String fallback) {
    Object v = attributes.get(key);
    return v == null ? fallback : (String) v;
  }

  /** Integer-list attribute (e.g. {@code padding: [top, bottom, left, right]}), or {@code fallback}. */
  public int[] intsAttr(String key, int... fallback) {
    Object v = attributes.get(key);
    if (v == null) {
      return fallback;
    }
    List<?> list = (List<?>) v;
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) list.get(i)).intValue();
    }
    return out;
  }
}
