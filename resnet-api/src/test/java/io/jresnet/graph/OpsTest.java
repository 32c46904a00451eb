package io.jresnet.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpsTest {
  private static InvalidNodeException invalid(Node node) {
    return assertThrows(InvalidNodeException.class, () -> Ops.validate(node));
  }

  @Test
  void everyOpHasASchema() {
    for (String op : Ops.ALL) {
      assertEquals(op, Ops.spec(op).op());
    }
    var e = assertThrows(IllegalArgumentException.class, () -> Ops.spec("lstm"));
    assertTrue(e.getMessage().startsWith("unknown op 'lstm'; allowed: conv2d, batch_norm"), e.getMessage());
  }

  @Test
  void shorthandAndListFormsAreBothAccepted() {
    assertDoesNotThrow(
        () -> Ops.validate(new Node("c", Ops.CONV2D, Map.of("filters", 4, "kernel", 3, "padding", 1), "input")));
    assertDoesNotThrow(
        () ->
            Ops.validate(
                new Node(
                    "c",
                    Ops.CONV2D,
                    Map.of(
                        "filters", 4, "kernel", List.of(1, 3), "stride", List.of(2, 1), "padding",
                        List.of(0, 0, 1, 1), "dilation", List.of(1, 2), "groups", 2, "bias", true),
                    "input")));
    assertArrayEquals(new int[] {3, 3}, AttributeType.POSITIVE_INT_PAIR.ints(3));
    assertArrayEquals(new int[] {1, 2}, AttributeType.POSITIVE_INT_PAIR.ints(List.of(1, 2)));
    assertArrayEquals(new int[] {2, 2, 2, 2}, AttributeType.NON_NEGATIVE_INT_QUAD.ints(2));
  }

  @Test
  void unknownAttributesListTheAllowedOnes() {
    var e = invalid(new Node("conv1", Ops.CONV2D, Map.of("filters", 4, "kernel", 3, "strides", 2), "input"));
    assertEquals(
        "node 'conv1': unknown attribute 'strides' for conv2d; allowed: filters, kernel, stride, padding, dilation,"
            + " groups, bias",
        e.getMessage());
    assertEquals("attributes/strides", e.field());
    var none = invalid(new Node("r", Ops.RELU, Map.of("inplace", true), "input"));
    assertEquals("node 'r': unknown attribute 'inplace' for relu; allowed: none", none.getMessage());
  }

  @Test
  void missingAttributesAreAllListed() {
    var e = invalid(new Node("conv1", Ops.CONV2D, Map.of(), "input"));
    assertEquals(
        "node 'conv1': conv2d needs attributes 'filters' (a positive integer: output channels), 'kernel' (a positive"
            + " integer or a list of 2 positive integers [h, w]: window [kh, kw])",
        e.getMessage());
    assertEquals("attributes", e.field());
  }

  @Test
  void mistypedAttributesSayWhatIsAllowed() {
    Map<String, Object> bad =
        Map.of(
            "stride", "2",
            "padding", List.of(1, 1),
            "groups", 1.5,
            "bias", "yes",
            "dilation", List.of(1, -1),
            "filters", 0);
    Map<String, String> allowed =
        Map.of(
            "stride", "a positive integer or a list of 2 positive integers [h, w], got \"2\"",
            "padding",
                "a non-negative integer or a list of 4 non-negative integers [top, bottom, left, right], got [1, 1]",
            "groups", "a positive integer, got 1.5",
            "bias", "true or false, got \"yes\"",
            "dilation", "a positive integer or a list of 2 positive integers [h, w], got [1, -1]",
            "filters", "a positive integer, got 0");
    for (var entry : bad.entrySet()) {
      Map<String, Object> attributes = new java.util.HashMap<>(Map.of("filters", 4, "kernel", 3));
      attributes.put(entry.getKey(), entry.getValue());
      var e = invalid(new Node("c", Ops.CONV2D, attributes, "input"));
      assertEquals(
          "node 'c': attribute '" + entry.getKey() + "' must be " + allowed.get(entry.getKey()), e.getMessage());
      assertEquals("attributes/" + entry.getKey(), e.field());
    }
  }

  @Test
  void numbersAreRangeChecked() {
    assertEquals(
        "node 'bn': attribute 'epsilon' must be a number > 0, got -0.001",
        invalid(new Node("bn", Ops.BATCH_NORM, Map.of("epsilon", -1e-3), "x")).getMessage());
    assertEquals(
        "node 'bn': attribute 'momentum' must be a number between 0 and 1, got 2",
        invalid(new Node("bn", Ops.BATCH_NORM, Map.of("momentum", 2), "x")).getMessage());
    assertEquals(
        "node 'bn': attribute 'epsilon' must be a number > 0, got NaN",
        invalid(new Node("bn", Ops.BATCH_NORM, Map.of("epsilon", Double.NaN), "x")).getMessage());
    assertFalse(AttributeType.POSITIVE_INT.accepts(5_000_000_000L));
    assertTrue(AttributeType.POSITIVE_INT.accepts(5L));
  }

  @Test
  void inputCountsAreChecked() {
    var e = invalid(new Node("layer1.0.add", Ops.ADD, Map.of(), "layer1.0.bn3"));
    assertEquals("node 'layer1.0.add': add takes 2 inputs, got 1 [layer1.0.bn3]", e.getMessage());
    assertEquals("inputs", e.field());
    var relu = invalid(new Node("relu", Ops.RELU, Map.of(), "a", "b"));
    assertEquals("node 'relu': relu takes 1 input, got 2 [a, b]", relu.getMessage());
  }

  @Test
  void unknownOpsListTheKnownOnes() {
    var e = invalid(new Node("x", "Conv2D", Map.of(), "input"));
    assertEquals("op", e.field());
    assertEquals("unknown op 'Conv2D'; allowed: " + String.join(", ", Ops.ALL), e.problem());
  }
}
