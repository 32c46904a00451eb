package io.jresnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.graph.Graph;
import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the executor keeps alive: counted through a decorator of the reference backend. */
class ModelMemoryTest {
  private final CountingBackend backend = new CountingBackend();

  private Parameters parameters(Graph graph) {
    return Parameters.fromHost(graph, backend, ExampleGraphs.randomValues(Parameters.specs(graph), 21));
  }

  /** conv 3x3 → bn → relu, {@code blocks} times, over [N, 6, 6, 4]. */
  static Graph chain(int blocks) {
    List<Node> nodes = new ArrayList<>();
    String last = Graph.INPUT;
    for (int i = 0; i < blocks; i++) {
      nodes.add(new Node("conv" + i, Ops.CONV2D, Map.of("filters", 4, "kernel", 3, "padding", 1), last));
      nodes.add(new Node("bn" + i, Ops.BATCH_NORM, Map.of(), "conv" + i));
      nodes.add(new Node("relu" + i, Ops.RELU, Map.of(), "bn" + i));
      last = "relu" + i;
    }
    return new Graph("chain", Shape.of(6, 6, 4), nodes, last);
  }

  @Test
  void onlyTheValuesStillToBeReadStayAlive() {
    Graph graph = ExampleGraphs.everyOp(3);
    for (boolean fuse : new boolean[] {true, false}) {
      try (Parameters p = parameters(graph);
          Model model = Model.bind(graph, backend, p, fuse);
          Tensor x = backend.fromHost(ExampleGraphs.input(1, Shape.nhwc(2, 9, 9, 3)), Shape.nhwc(2, 9, 9, 3))) {
        int before = backend.live();
        int made = backend.tensors().size();
        backend.resetPeak();
        try (Tensor y = model.forward(x, Mode.EVAL)) {
          assertEquals(before + 1, backend.live(), "only the result outlives the forward pass");
          assertTrue(backend.tensors().size() - made >= 13, "intermediates were allocated");
          // The residual join keeps the block input alive beside the two newest values, and no more.
          assertEquals(3, backend.peak() - before, "fuse=" + fuse);
          assertEquals(Shape.of(2, 6), y.shape());
        }
      }
    }
  }

  @Test
  void aLongChainNeverHoldsMoreThanTwoActivations() {
    Graph graph = chain(10);
    try (Parameters p = parameters(graph);
        Model model = Model.bind(graph, backend, p);
        Tensor x = backend.allocate(Shape.nhwc(3, 6, 6, 4))) {
      int before = backend.live();
      int made = backend.tensors().size();
      backend.resetPeak();
      try (Tensor y = model.forward(x, Mode.EVAL)) {
        assertEquals(20, backend.tensors().size() - made);
        assertEquals(2, backend.peak() - before);
        assertEquals(before + 1, backend.live());
        assertEquals(Shape.nhwc(3, 6, 6, 4), y.shape());
      }
    }
  }

  @Test
  void aFailingKernelLeaksNothingAndTheModelStillRuns() {
    Graph graph = ExampleGraphs.everyOp(3);
    Shape shape = Shape.nhwc(1, 9, 9, 3);
    try (Parameters p = parameters(graph);
        Model model = Model.bind(graph, backend, p);
        Tensor x = backend.fromHost(ExampleGraphs.input(2, shape), shape)) {
      int before = backend.live();
      int calls = backend.kernelCalls();
      float[] expected;
      try (Tensor y = model.forward(x, Mode.EVAL)) {
        expected = y.copyToHost();
      }
      int perForward = backend.kernelCalls() - calls;
      for (int k = 0; k < perForward; k++) {
        backend.failKernelCall(k);
        var e = assertThrows(IllegalStateException.class, () -> model.forward(x, Mode.EVAL));
        assertTrue(e.getMessage().startsWith("injected failure"), e.getMessage());
        assertEquals(before, backend.live(), "after a failure in kernel call " + k);
      }
      try (Tensor y = model.forward(x, Mode.EVAL)) {
        assertArrayEquals(expected, y.copyToHost());
      }
    }
  }

  @Test
  void convWeightsArePreparedOnceAtBindAndFreedWithTheModel() {
    Graph graph = ExampleGraphs.everyOp(3);
    Parameters p = parameters(graph);
    int withParameters = backend.live();
    Model model = Model.bind(graph, backend, p);
    assertEquals(3, backend.prepared());
    assertEquals(withParameters + 3, backend.live());
    try (Tensor x = backend.allocate(Shape.nhwc(2, 9, 9, 3))) {
      model.forward(x, Mode.EVAL).close();
      model.forward(x, Mode.EVAL).close();
    }
    assertEquals(3, backend.prepared());
    model.close();
    assertEquals(withParameters, backend.live());
    p.close();
    assertEquals(0, backend.live());
  }

  @Test
  void aValueNobodyReadsIsFreedAtOnce() {
    Graph base = ExampleGraphs.sharedBatchNorm();
    List<Node> nodes = new ArrayList<>(base.nodes());
    nodes.add(3, new Node("unused", Ops.GLOBAL_AVG_POOL, Map.of(), "relu1"));
    Graph graph = new Graph("dead-end", base.inputShape(), nodes, base.output());
    try (Parameters p = parameters(graph);
        Model model = Model.bind(graph, backend, p);
        Tensor x = backend.allocate(Shape.nhwc(2, 7, 6, 4))) {
      int before = backend.live();
      try (Tensor y = model.forward(x, Mode.EVAL)) {
        assertEquals(before + 1, backend.live());
        assertEquals(Shape.of(2, 3), y.shape());
      }
    }
  }
}
