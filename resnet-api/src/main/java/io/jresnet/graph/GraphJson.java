package io.jresnet.graph;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jresnet.ConfigException;
import io.jresnet.tensor.Shape;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph IR as JSON, the form machines exchange (checkpoints' {@code model.json}, {@code resnet export --format
 * json}):
 *
 * <pre>{@code
 * {
 *   "format": "jresnet-graph-1",
 *   "name": "resnet50",
 *   "input_shape": [224, 224, 3],
 *   "output": "fc",
 *   "nodes": [
 *     {"name": "conv1", "op": "conv2d", "inputs": ["input"], "attributes": {"filters": 64, "kernel": [7, 7]}},
 *     ...
 *   ]
 * }
 * }</pre>
 *
 * {@code input_shape} is {@code [H, W, C]}; nodes are in topological order; attributes follow {@link Ops}.
 * Reading validates everything a graph needs short of shapes (fields, types, ops, attributes, input references) and
 * reports the first problem as a {@link ConfigException} with the file, JSON pointer and line:column.
 */
public final class GraphJson {
  /** The value of the {@code format} field; optional when reading, always written. */
  public static final String FORMAT = "jresnet-graph-1";

  private static final List<String> TOP_FIELDS = List.of("format", "name", "input_shape", "output", "nodes");
  private static final List<String> NODE_FIELDS = List.of("name", "op", "inputs", "attributes");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private GraphJson() {}

  /**
   * Reads a graph file.
   *
   * @throws ConfigException for a missing or unreadable file, malformed JSON or an invalid graph
   */
  public static Graph read(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(reader, file.toString());
    } catch (NoSuchFileException e) {
      throw new ConfigException(file, null, 0, 0, "no such file");
    } catch (IOException e) {
      throw new ConfigException(file, null, 0, 0, "cannot read: " + e.getMessage());
    }
  }

  /**
   * Reads a graph from JSON text.
   *
   * @param source the document's name for messages (a path, {@code zoo:resnet50}); may be null
   */
  public static Graph read(String json, String source) {
    return read(new StringReader(json), source);
  }

  /** Reads a graph from a character stream (not closed here). */
  public static Graph read(Reader reader, String source) {
    LocatedJson doc = LocatedJson.parse(reader, source);
    return new GraphReader(doc).graph();
  }

  /** Writes {@code graph} to {@code file} (UTF-8), replacing it. */
  public static void write(Graph graph, Path file) {
    try {
      Files.writeString(file, write(graph), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * The JSON text of {@code graph}: one line per node, attributes in {@link Ops} schema order.
   *
   * @throws InvalidNodeException when a node would not read back (unknown op, bad attribute)
   */
  public static String write(Graph graph) {
    StringBuilder out = new StringBuilder("{\n");
    out.append("  \"format\": ").append(json(FORMAT)).append(",\n");
    out.append("  \"name\": ").append(json(graph.name())).append(",\n");
    out.append("  \"input_shape\": ").append(json(graph.inputShape().toArray())).append(",\n");
    out.append("  \"output\": ").append(json(graph.output())).append(",\n");
    out.append("  \"nodes\": [");
    for (int i = 0; i < graph.nodes().size(); i++) {
      Node node = graph.nodes().get(i);
      Ops.validate(node);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("name", node.name());
      fields.put("op", node.op());
      fields.put("inputs", node.inputs());
      Map<String, Object> attributes = new LinkedHashMap<>();
      for (String key : Ops.spec(node.op()).attributeNames()) {
        if (node.attributes().containsKey(key)) {
          attributes.put(key, node.attributes().get(key));
        }
      }
      fields.put("attributes", attributes);
      out.append(i == 0 ? "\n    " : ",\n    ").append(json(fields));
    }
    out.append(graph.nodes().isEmpty() ? "]\n" : "\n  ]\n").append("}\n");
    return out.toString();
  }

  private static String json(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON-representable: " + value, e);
    }
  }

  /** Walks a parsed document, checking each field where it is read. */
  private record GraphReader(LocatedJson doc) {
    Graph graph() {
      JsonNode root = doc.root();
      requireObject(root, "", "the graph");
      requireKnownFields(root, "", TOP_FIELDS, "the graph");
      JsonNode format = root.get("format");
      if (format != null && !(format.isTextual() && format.asText().equals(FORMAT))) {
        throw doc.error("/format", "unsupported format " + format + "; allowed: \"" + FORMAT + "\"");
      }
      String name = requiredText(root, "", "name");
      Shape inputShape = inputShape(root);
      JsonNode nodesJson = required(root, "", "nodes");
      if (!nodesJson.isArray()) {
        throw doc.error("/nodes", "expected an array of nodes, got " + kind(nodesJson));
      }
      List<Node> nodes = new ArrayList<>();
      Set<String> defined = new HashSet<>(List.of(Graph.INPUT));
      for (int i = 0; i < nodesJson.size(); i++) {
        nodes.add(node(nodesJson.get(i), "/nodes/" + i, defined));
      }
      String output = requiredText(root, "", "output");
      if (!defined.contains(output)) {
        throw doc.error("/output", "'" + output + "' names no node of the graph");
      }
      return new Graph(name, inputShape, nodes, output);
    }

    private Shape inputShape(JsonNode root) {
      JsonNode shape = required(root, "", "input_shape");
      if (!shape.isArray() || shape.size() != 3) {
        throw doc.error("/input_shape", "expected [height, width, channels], got " + shape);
      }
      int[] dims = new int[3];
      for (int i = 0; i < 3; i++) {
        JsonNode d = shape.get(i);
        if (!d.isInt() || d.intValue() < 1) {
          throw doc.error("/input_shape/" + i, "expected a positive integer, got " + d);
        }
        dims[i] = d.intValue();
      }
      return Shape.of(dims);
    }

    private Node node(JsonNode json, String at, Set<String> defined) {
      requireObject(json, at, "a node");
      requireKnownFields(json, at, NODE_FIELDS, "a node");
      String name = requiredText(json, at, "name");
      if (name.isEmpty() || !defined.add(name)) {
        throw doc.error(at + "/name", name.isEmpty() ? "a node name must not be empty"
            : "node name '" + name + "' is used twice (or is the reserved name '" + Graph.INPUT + "')");
      }
      String op = requiredText(json, at, "op");
      JsonNode inputsJson = required(json, at, "inputs");
      if (!inputsJson.isArray()) {
        throw doc.error(at + "/inputs", "expected an array of node names, got " + kind(inputsJson));
      }
      List<String> inputs = new ArrayList<>();
      for (int j = 0; j < inputsJson.size(); j++) {
        JsonNode in = inputsJson.get(j);
        if (!in.isTextual() || !defined.contains(in.asText()) || in.asText().equals(name)) {
          throw doc.error(at + "/inputs/" + j, "input " + in + " of node '" + name + "' names no earlier node;"
              + " inputs must be '" + Graph.INPUT + "' or nodes defined above");
        }
        inputs.add(in.asText());
      }
      Map<String, Object> attributes = attributes(json.get("attributes"), at + "/attributes");
      Node node = new Node(name, op, attributes, inputs);
      try {
        Ops.validate(node);
      } catch (InvalidNodeException e) {
        throw doc.error(at + "/" + e.field(), e.getMessage());
      }
      return node;
    }

    private Map<String, Object> attributes(JsonNode json, String at) {
      Map<String, Object> out = new LinkedHashMap<>();
      if (json == null) {
        return out;
      }
      requireObject(json, at, "the attributes");
      for (var field : json.properties()) {
        out.put(field.getKey(), value(field.getValue(), at + "/" + LocatedJson.escape(field.getKey())));
      }
      return out;
    }

    /** An attribute value as {@link Node} holds it: Integer, Long, Double, Boolean, String or a List of them. */
    private Object value(JsonNode json, String at) {
      if (json.isInt()) {
        return json.intValue();
      } else if (json.isIntegralNumber()) {
        return json.canConvertToLong() ? (Object) json.longValue() : json.decimalValue();
      } else if (json.isNumber()) {
        return json.doubleValue();
      } else if (json.isBoolean()) {
        return json.booleanValue();
      } else if (json.isTextual()) {
        return json.asText();
      } else if (json.isArray()) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
          list.add(value(json.get(i), at + "/" + i));
        }
        return List.copyOf(list);
      }
      throw doc.error(at, "expected a number, boolean, string or array, got " + kind(json));
    }

    private void requireObject(JsonNode json, String at, String what) {
      if (!json.isObject()) {
        throw doc.error(at, "expected " + what + " as a JSON object, got " + kind(json));
      }
    }

    private void requireKnownFields(JsonNode json, String at, List<String> allowed, String what) {
      for (var field : json.properties()) {
        String key = field.getKey();
        if (!allowed.contains(key)) {
          throw doc.error(at + "/" + LocatedJson.escape(key),
              "unknown field '" + key + "' in " + what + "; allowed: " + String.join(", ", allowed));
        }
      }
    }

    private JsonNode required(JsonNode json, String at, String field) {
      JsonNode value = json.get(field);
      if (value == null || value.isNull()) {
        throw doc.error(at + "/" + field, "missing required field '" + field + "'");
      }
      return value;
    }

    private String requiredText(JsonNode json, String at, String field) {
      JsonNode value = required(json, at, field);
      if (!value.isTextual()) {
        throw doc.error(at + "/" + field, "expected a string, got " + kind(value));
      }
      return value.asText();
    }

    private static String kind(JsonNode json) {
      return switch (json.getNodeType()) {
        case OBJECT -> "an object";
        case ARRAY -> "an array";
        case STRING -> "the string " + json;
        case NULL -> "null";
        default -> json.toString();
      };
    }
  }
}
