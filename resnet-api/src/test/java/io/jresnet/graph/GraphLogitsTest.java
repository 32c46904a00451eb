package io.jresnet.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.tensor.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cutting a final softmax off, so that training runs on the logits. */
class GraphLogitsTest {
  private static final Shape INPUT = Shape.of(4, 4, 2);

  private static Node pool() {
    return new Node("pool", Ops.GLOBAL_AVG_POOL, Map.of(), Graph.INPUT);
  }

  private static Node fc() {
    return new Node("fc", Ops.DENSE, Map.of("units", 3), "pool");
  }

  @Test
  void aFinalSoftmaxIsDroppedAndItsInputBecomesTheOutput() {
    Graph graph = new Graph("g", INPUT, List.of(pool(), fc(), new Node("probs", Ops.SOFTMAX, Map.of(), "fc")), "probs");
    assertTrue(graph.endsInSoftmax());
    Graph logits = graph.withoutFinalSoftmax();
    assertEquals(new Graph("g", INPUT, List.of(pool(), fc()), "fc"), logits);
    assertFalse(logits.endsInSoftmax());
    assertSame(logits, logits.withoutFinalSoftmax());
  }

  @Test
  void aSoftmaxThatIsNotTheOutputStays() {
    Graph graph = new Graph("g", INPUT, List.of(pool(), fc(), new Node("probs", Ops.SOFTMAX, Map.of(), "fc")), "fc");
    assertFalse(graph.endsInSoftmax());
    assertSame(graph, graph.withoutFinalSoftmax());
    Graph input = new Graph("id", INPUT, List.of(), Graph.INPUT);
    assertFalse(input.endsInSoftmax());
  }

  @Test
  void aSoftmaxOutputThatAnotherNodeReadsIsKeptAsANode() {
    List<Node> nodes =
        List.of(
            pool(),
            fc(),
            new Node("probs", Ops.SOFTMAX, Map.of(), "fc"),
            new Node("probs_again", Ops.RELU, Map.of(), "probs"));
    Graph graph = new Graph("g", INPUT, nodes, "probs");
    assertEquals(new Graph("g", INPUT, nodes, "fc"), graph.withoutFinalSoftmax());
  }
}
