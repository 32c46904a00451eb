package io.jresnet.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.ConfigException;
import io.jresnet.nn.TestGraphs;
import io.jresnet.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphJsonTest {
  private static final String VALID =
      """
      {
        "name": "tiny",
        "input_shape": [8, 8, 3],
        "output": "relu",
        "nodes": [
          {"name": "conv1", "op": "conv2d", "inputs": ["input"],
           "attributes": {"filters": 4, "kernel": 3, "stride": 2}},
          {"name": "relu", "op": "relu", "inputs": ["conv1"]}
        ]
      }
      """;

  private static ConfigException error(String json) {
    return assertThrows(ConfigException.class, () -> GraphJson.read(json, "g.json"));
  }

  /** Replaces {@code from} in the valid document, which must contain it once. */
  private static String valid(String from, String to) {
    assertEquals(VALID.indexOf(from), VALID.lastIndexOf(from), from);
    assertTrue(VALID.contains(from), from);
    return VALID.replace(from, to);
  }

  @Test
  void roundTripsHandBuiltGraphs() {
    for (Graph graph : List.of(TestGraphs.smallResidual(), TestGraphs.resnet50(true), TestGraphs.resnet50(false))) {
      String json = GraphJson.write(graph);
      Graph back = GraphJson.read(json, "mem");
      assertEquals(graph, back);
      assertEquals(json, GraphJson.write(back));
    }
  }

  @Test
  void roundTripsThroughAFileKeepingNumberTypes(@TempDir Path dir) {
    Graph graph =
        new Graph(
            "g",
            Shape.of(5, 7, 2),
            List.of(
                new Node("bn", Ops.BATCH_NORM, Map.of("epsilon", 1e-3, "momentum", 0.01), "input"),
                new Node("pool", Ops.AVG_POOL2D, Map.of("kernel", 2, "count_padding", false), "bn")),
            "pool");
    Path file = dir.resolve("model.json");
    GraphJson.write(graph, file);
    assertEquals(graph, GraphJson.read(file));
  }

  @Test
  void readsShorthandAttributes() {
    Graph graph = GraphJson.read(VALID, "g.json");
    assertEquals(Map.of("filters", 4, "kernel", 3, "stride", 2), graph.node("conv1").attributes());
    assertEquals(Shape.of(8, 8, 3), graph.inputShape());
    assertTrue(GraphJson.write(graph).contains("\"format\": \"jresnet-graph-1\""));
  }

  @Test
  void writesOneLinePerNode() {
    String json = GraphJson.write(GraphJson.read(VALID, "g.json"));
    assertTrue(
        json.contains(
            "\n    {\"name\":\"conv1\",\"op\":\"conv2d\",\"inputs\":[\"input\"],"
                + "\"attributes\":{\"filters\":4,\"kernel\":3,\"stride\":2}},\n"),
        json);
  }

  @Test
  void malformedJsonGivesLineAndColumn() {
    var e = error("{\n  \"name\": \"g\",\n  \"nodes\": [\n    {\"name\": }\n  ]\n}\n");
    assertEquals(4, e.line());
    assertEquals(14, e.column());
    assertEquals("/nodes/0/name", e.pointer());
    assertTrue(e.getMessage().startsWith("g.json:4:14 at /nodes/0/name: malformed JSON: Unexpected character ('}'"),
        e.getMessage());
  }

  @Test
  void duplicateKeysEmptyDocumentsAndTrailingContentAreRejected() {
    var dup = error("{\"name\": \"a\", \"name\": \"b\"}");
    assertTrue(dup.problem().contains("Duplicate field 'name'"), dup.getMessage());
    assertEquals(1, dup.line());
    assertEquals("g.json at /: the document is empty; expected a JSON object", error("  ").getMessage());
    var trailing = error(VALID + "{}");
    assertEquals("unexpected content after the end of the JSON document", trailing.problem());
    assertEquals(11, trailing.line());
  }

  @Test
  void unknownOpIsLocatedAndListsTheKnownOps() {
    var e = error(valid("\"op\": \"relu\"", "\"op\": \"gelu\""));
    assertEquals("/nodes/1/op", e.pointer());
    assertEquals(8, e.line());
    assertEquals(28, e.column());
    assertEquals(
        "g.json:8:28 at /nodes/1/op: node 'relu': unknown op 'gelu'; allowed: conv2d, batch_norm, relu, add,"
            + " max_pool2d, avg_pool2d, global_avg_pool, zero_pad2d, flatten, dense, softmax",
        e.getMessage());
  }

  @Test
  void badAttributeTypesPointAtTheValue() {
    var e = error(valid("\"stride\": 2", "\"stride\": \"2\""));
    assertEquals("/nodes/0/attributes/stride", e.pointer());
    assertEquals(7, e.line());
    assertEquals(58, e.column());
    assertEquals(
        "g.json:7:58 at /nodes/0/attributes/stride: node 'conv1': attribute 'stride' must be a positive integer or"
            + " a list of 2 positive integers [h, w], got \"2\"",
        e.getMessage());
    var fractional = error(valid("\"filters\": 4", "\"filters\": 4.0"));
    assertEquals("/nodes/0/attributes/filters", fractional.pointer());
    assertEquals("node 'conv1': attribute 'filters' must be a positive integer, got 4.0", fractional.problem());
    var object = error(valid("\"filters\": 4", "\"filters\": {\"n\": 4}"));
    assertEquals("expected a number, boolean, string or array, got an object", object.problem());
  }

  @Test
  void unknownAndMissingAttributes() {
    var unknown = error(valid("\"stride\": 2", "\"strides\": 2"));
    assertEquals("/nodes/0/attributes/strides", unknown.pointer());
    assertTrue(unknown.problem().endsWith("unknown attribute 'strides' for conv2d; allowed: filters, kernel, stride,"
        + " padding, dilation, groups, bias"), unknown.problem());
    var missing = error(valid("\"filters\": 4, ", ""));
    assertEquals("/nodes/0/attributes", missing.pointer());
    assertEquals(7, missing.line());
    assertTrue(missing.problem().contains("conv2d needs attribute 'filters'"), missing.problem());
  }

  @Test
  void unknownFieldsListTheAllowedOnes() {
    var top = error(valid("\"output\": \"relu\"", "\"outputs\": \"relu\""));
    assertEquals("/outputs", top.pointer());
    assertEquals("unknown field 'outputs' in the graph; allowed: format, name, input_shape, output, nodes",
        top.problem());
    var node = error(valid("\"inputs\": [\"conv1\"]", "\"inputs\": [\"conv1\"], \"input\": 1"));
    assertEquals("/nodes/1/input", node.pointer());
    assertEquals("unknown field 'input' in a node; allowed: name, op, inputs, attributes", node.problem());
  }

  @Test
  void referencesMustNameEarlierNodes() {
    var undefined = error(valid("\"inputs\": [\"conv1\"]", "\"inputs\": [\"conv2\"]"));
    assertEquals("/nodes/1/inputs/0", undefined.pointer());
    assertEquals(
        "input \"conv2\" of node 'relu' names no earlier node; inputs must be 'input' or nodes defined above",
        undefined.problem());
    var duplicate = error(valid("{\"name\": \"relu\"", "{\"name\": \"conv1\""));
    assertEquals("/nodes/1/name", duplicate.pointer());
    assertEquals("node name 'conv1' is used twice (or is the reserved name 'input')", duplicate.problem());
    var output = error(valid("\"output\": \"relu\"", "\"output\": \"fc\""));
    assertEquals("/output", output.pointer());
    assertEquals("'fc' names no node of the graph", output.problem());
    var arity = error(valid("\"inputs\": [\"conv1\"]", "\"inputs\": [\"conv1\", \"input\"]"));
    assertEquals("/nodes/1/inputs", arity.pointer());
    assertEquals("node 'relu': relu takes 1 input, got 2 [conv1, input]", arity.problem());
  }

  @Test
  void topLevelFieldsAreChecked() {
    assertEquals("/input_shape", error(valid("[8, 8, 3]", "[8, 8]")).pointer());
    assertEquals("expected a positive integer, got 0", error(valid("[8, 8, 3]", "[8, 0, 3]")).problem());
    assertEquals("missing required field 'name'", error(valid("\"name\": \"tiny\",", "")).problem());
    assertEquals("expected a string, got 7", error(valid("\"name\": \"tiny\"", "\"name\": 7")).problem());
    var format = error(valid("\"name\": \"tiny\",", "\"name\": \"tiny\", \"format\": \"onnx\","));
    assertEquals("/format", format.pointer());
    assertEquals("unsupported format \"onnx\"; allowed: \"jresnet-graph-1\"", format.problem());
    assertEquals("expected the graph as a JSON object, got an array", error("[1, 2]").problem());
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nope.json");
    var e = assertThrows(ConfigException.class, () -> GraphJson.read(missing));
    assertEquals(missing + ": no such file", e.getMessage());
    assertTrue(Files.notExists(missing));
  }
}
