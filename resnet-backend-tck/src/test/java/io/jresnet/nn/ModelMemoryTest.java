package io.jresnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
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
  void theBuffersAreAsManyAsThePlanHasLiveAtOnceAndOutliveTheCall() {
    Graph graph = ExampleGraphs.everyOp(3);
    Shape shape = Shape.nhwc(2, 9, 9, 3);
    // Fused: one buffer each for pad, relu, flatten and fc, and three of [2, 5, 5, 8] (maxpool, relu1 and the
    // block output are live together while conv2 adds the shortcut; avgpool reuses one). Unfused, the stem keeps
    // two [2, 10, 10, 8] values live at a time (conv1 → bn1 → relu), the block three [2, 5, 5, 8].
    for (boolean fuse : new boolean[] {true, false}) {
      try (Parameters p = parameters(graph);
          Model model = Model.bind(graph, backend, p, fuse);
          Tensor x = backend.fromHost(ExampleGraphs.input(1, shape), shape)) {
        int before = backend.live();
        int made = backend.tensors().size();
        int buffers = fuse ? 7 : 8;
        try (Tensor y = model.forward(x, Mode.EVAL)) {
          assertEquals(Shape.of(2, 6), y.shape());
          assertEquals(buffers + 1, backend.tensors().size() - made, "fuse=" + fuse + ": buffers and the result");
          assertEquals(before + buffers + 1, backend.live(), "fuse=" + fuse);
          assertEquals(buffers, model.activationBufferAllocations());
        }
        try (Tensor y = model.forward(x, Mode.EVAL)) {
          assertEquals(buffers + 2, backend.tensors().size() - made, "the second call allocates only its result");
        }
        model.close();
        int preparedTensors = fuse ? 6 : 3;
        assertEquals(before - preparedTensors, backend.live(), "closing the model frees its buffers and weights");
      }
    }
  }

  /**
   * A backend may keep what it prepared for a call while the call's tensors stay the same (the CPU backend does, so
   * that forwards allocate nothing): that needs every pass after the first at one input size to hand each kernel call
   * the very tensors of the pass before.
   */
  @Test
  void passesAfterTheFirstHandEachKernelCallTheSameTensors() {
    Graph graph = ExampleGraphs.everyOp(3);
    Shape shape = Shape.nhwc(2, 9, 9, 3);
    for (boolean fuse : new boolean[] {true, false}) {
      try (Parameters p = parameters(graph);
          Model model = Model.bind(graph, backend, p, fuse);
          Tensor x = backend.fromHost(ExampleGraphs.input(1, shape), shape);
          Tensor y = backend.allocate(model.outputShape(shape))) {
        List<List<Tensor>> passes = new ArrayList<>();
        for (int pass = 0; pass < 4; pass++) {
          int before = backend.callTensors().size();
          model.forward(x, y);
          List<Tensor> calls = backend.callTensors();
          passes.add(calls.subList(before, calls.size()));
        }
        for (int pass = 2; pass < passes.size(); pass++) {
          List<Tensor> previous = passes.get(pass - 1);
          List<Tensor> current = passes.get(pass);
          assertEquals(previous.size(), current.size(), "fuse=" + fuse + ", pass " + pass);
          for (int i = 0; i < current.size(); i++) {
            assertSame(previous.get(i), current.get(i), "fuse=" + fuse + ", pass " + pass + ", tensor " + i);
          }
        }
      }
    }
  }

  @Test
  void aLongChainNeedsTwoBuffers() {
    Graph graph = chain(10);
    try (Parameters p = parameters(graph);
        Model model = Model.bind(graph, backend, p);
        Tensor x = backend.allocate(Shape.nhwc(3, 6, 6, 4));
        Tensor out = backend.allocate(Shape.nhwc(3, 6, 6, 4))) {
      assertEquals(10, model.foldedBatchNorms());
      assertEquals(10, model.fusedRelus());
      int made = backend.tensors().size();
      model.forward(x, out);
      // Each fused conv reads the last one's buffer and writes the other one; the last writes the caller's tensor.
      assertEquals(2, backend.tensors().size() - made);
      assertEquals(2 * 3 * 6 * 6 * 4, model.activationBufferFloats());
      model.forward(x, out);
      assertEquals(2, backend.tensors().size() - made, "nothing allocated on the second call");
    }
  }

  @Test
  void anotherInputSizeReplacesTheBuffers() {
    Graph graph = ExampleGraphs.sharedBatchNorm();
    try (Parameters p = parameters(graph);
        Model model = Model.bind(graph, backend, p);
        Tensor small = backend.allocate(Shape.nhwc(1, 7, 6, 4));
        Tensor large = backend.allocate(Shape.nhwc(2, 9, 8, 4))) {
      int withModel = backend.live();
      model.forward(small, Mode.EVAL).close();
      long smallFloats = model.activationBufferFloats();
      model.forward(large, Mode.EVAL).close();
      // Three [N, H, W, 5] values live at once (relu1, bn1 and the block output) and the pooled [N, 5].
      assertEquals(3 * 2 * 9 * 8 * 5 + 2 * 5, model.activationBufferFloats());
      assertEquals(3 * 7 * 6 * 5 + 5, smallFloats);
      assertEquals(withModel + 4, backend.live(), "only the large input's buffers are kept");
    }
  }

  @Test
  void aFailingKernelLeaksNothingAndTheModelStillRuns() {
    Graph graph = ExampleGraphs.everyOp(3);
    Shape shape = Shape.nhwc(1, 9, 9, 3);
    try (Parameters p = parameters(graph);
        Model model = Model.bind(graph, backend, p);
        Tensor x = backend.fromHost(ExampleGraphs.input(2, shape), shape)) {
      int calls = backend.kernelCalls();
      float[] expected;
      try (Tensor y = model.forward(x, Mode.EVAL)) {
        expected = y.copyToHost();
      }
      int withBuffers = backend.live();
      int perForward = backend.kernelCalls() - calls;
      for (int k = 0; k < perForward; k++) {
        backend.failKernelCall(k);
        var e = assertThrows(IllegalStateException.class, () -> model.forward(x, Mode.EVAL));
        assertTrue(e.getMessage().startsWith("injected failure"), e.getMessage());
        assertEquals(withBuffers, backend.live(), "after a failure in kernel call " + k);
      }
      try (Tensor y = model.forward(x, Mode.EVAL)) {
        assertArrayEquals(expected, y.copyToHost());
      }
      assertEquals(withBuffers, backend.live(), "no buffer was lost to the failures");
    }
  }

  @Test
  void foldedConvWeightsArePreparedOnceAtBindAndFreedWithTheModel() {
    Graph graph = ExampleGraphs.everyOp(3);
    Parameters p = parameters(graph);
    int withParameters = backend.live();
    Model model = Model.bind(graph, backend, p);
    // Every conv has a batch-norm folded in: a prepared weight and a folded bias each.
    assertEquals(3, backend.prepared());
    assertEquals(withParameters + 6, backend.live());
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
  void aValueNobodyReadsGivesItsBufferBackAtOnce() {
    Graph base = ExampleGraphs.sharedBatchNorm();
    List<Node> nodes = new ArrayList<>(base.nodes());
    nodes.add(3, new Node("unused", Ops.GLOBAL_AVG_POOL, Map.of(), "relu1"));
    Graph graph = new Graph("dead-end", base.inputShape(), nodes, base.output());
    try (Parameters p = parameters(graph);
        Model model = Model.bind(graph, backend, p);
        Tensor x = backend.allocate(Shape.nhwc(2, 7, 6, 4))) {
      int before = backend.live();
      try (Tensor y = model.forward(x, Mode.EVAL)) {
        assertEquals(Shape.of(2, 3), y.shape());
        // The unused [2, 5] buffer serves avgpool later: as many buffers as without the dead end.
        assertEquals(4, model.activationBufferAllocations());
        assertEquals(before + 5, backend.live());
      }
    }
  }

  /** conv 3x3 to 4 channels, then a stride-2 conv to 16 and a 1x1 conv: [N, 6, 6, 4] and [N, 3, 3, 16] hold as many floats. */
  static Graph sameSizeOtherShape() {
    List<Node> nodes =
        List.of(
            new Node("conv0", Ops.CONV2D, Map.of("filters", 4, "kernel", 3, "padding", 1), Graph.INPUT),
            new Node("conv1", Ops.CONV2D, Map.of("filters", 16, "kernel", 3, "padding", 1, "stride", 2), "conv0"),
            new Node("conv2", Ops.CONV2D, Map.of("filters", 16, "kernel", 1), "conv1"),
            new Node("pool", Ops.GLOBAL_AVG_POOL, Map.of(), "conv2"));
    return new Graph("same-size", Shape.of(6, 6, 4), nodes, "pool");
  }

  @Test
  void withViewsABufferServesEveryShapeOfItsSize() {
    Graph graph = sameSizeOtherShape();
    CountingBackend viewing = new CountingBackend(true);
    Map<String, float[]> values = ExampleGraphs.randomValues(Parameters.specs(graph), 5);
    Shape shape = Shape.nhwc(2, 6, 6, 4);
    float[] input = ExampleGraphs.input(3, shape);
    float[] expected;
    try (Parameters p = Parameters.fromHost(graph, backend, values);
        Model model = Model.bind(graph, backend, p);
        Tensor x = backend.fromHost(input, shape);
        Tensor y = model.forward(x, Mode.EVAL)) {
      expected = y.copyToHost();
      // conv0's [2, 6, 6, 4], conv1's [2, 3, 3, 16] and conv2's [2, 3, 3, 16]: conv0's buffer has the wrong shape.
      assertEquals(3, model.activationBufferAllocations());
    }
    try (Parameters p = Parameters.fromHost(graph, viewing, values);
        Tensor x = viewing.fromHost(input, shape)) {
      int before = viewing.live();
      Model model = Model.bind(graph, viewing, p);
      for (int pass = 0; pass < 3; pass++) {
        try (Tensor y = model.forward(x, Mode.EVAL)) {
          assertArrayEquals(expected, y.copyToHost(), "pass " + pass);
        }
        // conv2 writes conv0's dead buffer through a [2, 3, 3, 16] view, made on the first pass only.
        assertEquals(2, model.activationBufferAllocations(), "pass " + pass);
        assertEquals(2 * 2 * 6 * 6 * 4, model.activationBufferFloats(), "pass " + pass);
        assertEquals(1, viewing.viewsMade(), "pass " + pass);
      }
      model.close();
      assertEquals(before, viewing.live(), "closing the model frees buffers, views and prepared weights");
    }
  }
}
