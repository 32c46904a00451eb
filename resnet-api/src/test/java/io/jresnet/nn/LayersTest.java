package io.jresnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.graph.InvalidNodeException;
import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LayersTest {
  @Test
  void everyOpHasItsLayer() {
    Map<String, Map<String, Object>> minimal =
        Map.of(
            Ops.CONV2D, Map.of("filters", 8, "kernel", 3),
            Ops.MAX_POOL2D, Map.of("kernel", 2),
            Ops.AVG_POOL2D, Map.of("kernel", 2),
            Ops.ZERO_PAD2D, Map.of("padding", 1),
            Ops.DENSE, Map.of("units", 4));
    Map<String, Class<?>> expected =
        Map.ofEntries(
            Map.entry(Ops.CONV2D, Conv2dLayer.class),
            Map.entry(Ops.BATCH_NORM, BatchNormLayer.class),
            Map.entry(Ops.RELU, ReluLayer.class),
            Map.entry(Ops.ADD, AddLayer.class),
            Map.entry(Ops.MAX_POOL2D, MaxPool2dLayer.class),
            Map.entry(Ops.AVG_POOL2D, AvgPool2dLayer.class),
            Map.entry(Ops.GLOBAL_AVG_POOL, GlobalAvgPoolLayer.class),
            Map.entry(Ops.ZERO_PAD2D, ZeroPad2dLayer.class),
            Map.entry(Ops.FLATTEN, FlattenLayer.class),
            Map.entry(Ops.DENSE, DenseLayer.class),
            Map.entry(Ops.SOFTMAX, SoftmaxLayer.class));
    assertEquals(Ops.ALL.size(), expected.size());
    for (String op : Ops.ALL) {
      List<String> inputs = op.equals(Ops.ADD) ? List.of("a", "b") : List.of("a");
      Node node = new Node("n", op, minimal.getOrDefault(op, Map.of()), inputs);
      Layer layer = Layers.create(node);
      assertInstanceOf(expected.get(op), layer, op);
      assertEquals(node, layer.node());
    }
  }

  @Test
  void anUnknownOpListsTheKnownOnes() {
    var e = assertThrows(InvalidNodeException.class, () -> Layers.create(new Node("x", "conv3d", Map.of(), "a")));
    assertEquals(
        "node 'x': unknown op 'conv3d'; allowed: conv2d, batch_norm, relu, add, max_pool2d, avg_pool2d,"
            + " global_avg_pool, zero_pad2d, flatten, dense, softmax",
        e.getMessage());
    assertEquals("op", e.field());
  }

  @Test
  void aMissingAttributeIsNamedWithItsMeaning() {
    var e =
        assertThrows(
            InvalidNodeException.class,
            () -> Layers.create(new Node("conv1", Ops.CONV2D, Map.of("kernel", 7), "input")));
    assertEquals(
        "node 'conv1': conv2d needs attribute 'filters' (a positive integer: output channels)", e.getMessage());
    assertEquals("attributes", e.field());
  }

  @Test
  void anInvalidAttributeIsNamedWithWhatIsAllowed() {
    var e =
        assertThrows(
            InvalidNodeException.class,
            () ->
                Layers.create(
                    new Node("conv1", Ops.CONV2D, Map.of("filters", 8, "kernel", 3, "stride", List.of(0, 2)), "in")));
    assertEquals(
        "node 'conv1': attribute 'stride' must be a positive integer or a list of 2 positive integers [h, w],"
            + " got [0, 2]",
        e.getMessage());
    assertEquals("attributes/stride", e.field());
  }

  @Test
  void aLayerRefusesANodeOfAnotherOp() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> new ReluLayer(new Node("fc", Ops.DENSE, Map.of("units", 2), "a")));
    assertEquals("node 'fc' is a dense, not a relu", e.getMessage());
  }
}
