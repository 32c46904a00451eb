package io.jresnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.graph.Graph;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What training keeps alive, and when it lets go: counted through a decorator of the reference backend. */
class ModelTrainingMemoryTest {
  private final CountingBackend backend = new CountingBackend();

  private Parameters parameters(Graph graph) {
    return Parameters.fromHost(graph, backend, ExampleGraphs.randomValues(Parameters.specs(graph), 31));
  }

  private Tensor input(Shape shape, long seed) {
    return backend.fromHost(ExampleGraphs.input(seed, shape), shape);
  }

  private static Map<String, float[]> gradients(Parameters p) {
    Map<String, float[]> out = new HashMap<>();
    p.gradients().forEach((name, g) -> out.put(name, g.copyToHost()));
    return out;
  }

  @Test
  void backwardReturnsEverythingTheTrainingForwardKeptForTheNextStepAndCloseFreesIt() {
    List<Graph> graphs =
        List.of(
            ExampleGraphs.everyOp(3).withoutFinalSoftmax(),
            ExampleGraphs.sharedBatchNorm(),
            GraphGradientTest.projectionBlock());
    List<Shape> shapes = List.of(Shape.nhwc(2, 9, 9, 3), Shape.nhwc(3, 7, 6, 4), Shape.nhwc(2, 11, 9, 3));
    for (int i = 0; i < graphs.size(); i++) {
      Graph graph = graphs.get(i);
      Parameters p = parameters(graph);
      p.gradients();
      int before = backend.live();
      try (Model model = Model.bind(graph, backend, p);
          Tensor x = input(shapes.get(i), 1)) {
        int bound = backend.live();
        Tensor y = model.forward(x, Mode.TRAIN);
        assertTrue(backend.live() > bound + 1, graph.name() + ": activations are kept for backward");
        int afterStep = 0;
        for (int step = 0; step < 3; step++) {
          try (Tensor r = input(y.shape(), 2)) {
            y.close();
            model.backward(r);
          }
          if (step == 0) {
            afterStep = backend.live();
          }
          // The kept tensors went back to the model for the next step, which reuses them all.
          assertEquals(afterStep, backend.live(), graph.name() + ": step " + step + " allocated anew");
          y = model.forward(x, Mode.TRAIN);
        }
        y.close();
      }
      assertEquals(before, backend.live(), graph.name() + ": nothing outlives the model");
      p.close();
    }
  }

  @Test
  void backwardLetsGoOfEachValueAfterItsLastUse() {
    Graph graph = ModelMemoryTest.chain(10);
    try (Parameters p = parameters(graph);
        Model model = Model.bind(graph, backend, p);
        Tensor x = input(Shape.nhwc(3, 6, 6, 4), 3);
        Tensor r = input(Shape.nhwc(3, 6, 6, 4), 4)) {
      p.gradients();
      model.forward(x, Mode.TRAIN).close();
      int start = backend.live();
      backend.resetPeak();
      model.backward(r);
      // At most the gradient being consumed and the one being made live beside what forward kept.
      assertTrue(backend.peak() - start <= 2, "peak rose by " + (backend.peak() - start));
    }
  }

  @Test
  void theCallerMayReuseTheInputAndCloseTheOutputBeforeBackward() {
    Graph graph = ExampleGraphs.sharedBatchNorm();
    Shape shape = Shape.nhwc(2, 7, 6, 4);
    try (Parameters p = parameters(graph);
        Model model = Model.bind(graph, backend, p);
        Tensor r = input(Shape.of(2, 3), 5)) {
      Map<String, float[]> expected;
      try (Tensor x = input(shape, 6);
          Tensor y = model.forward(x, Mode.TRAIN)) {
        model.backward(r);
        expected = gradients(p);
      }
      Tensor x = input(shape, 6);
      model.forward(x, Mode.TRAIN).close();
      x.copyFromHost(new float[shape.size()]);
      x.close();
      model.backward(r);
      Map<String, float[]> actual = gradients(p);
      expected.forEach((name, g) -> assertArrayEquals(g, actual.get(name), name));
    }
  }

  @Test
  void anUnusedTapeIsDroppedByTheNextTrainingForwardAndByClose() {
    Graph graph = ExampleGraphs.everyOp(3).withoutFinalSoftmax();
    Parameters p = parameters(graph);
    int withParameters = backend.live();
    Model model = Model.bind(graph, backend, p);
    try (Tensor x = input(Shape.nhwc(2, 9, 9, 3), 7)) {
      model.forward(x, Mode.TRAIN).close();
      int withTape = backend.live();
      model.forward(x, Mode.TRAIN).close();
      assertEquals(withTape, backend.live());
    }
    model.close();
    assertEquals(withParameters, backend.live());
    p.close();
    assertEquals(0, backend.live());
  }

  @Test
  void aFailingKernelInTrainingLeaksNothingAndTrainingGoesOn() {
    Graph graph = ExampleGraphs.sharedBatchNorm();
    Shape shape = Shape.nhwc(2, 7, 6, 4);
    try (Parameters p = parameters(graph);
        Model model = Model.bind(graph, backend, p);
        Tensor x = input(shape, 8);
        Tensor r = input(Shape.of(2, 3), 9)) {
      p.gradients();
      Map<String, float[]> stats = p.toHost();
      int calls = backend.kernelCalls();
      model.forward(x, Mode.TRAIN).close();
      int forwardCalls = backend.kernelCalls() - calls;
      model.backward(r);
      // What a step leaves behind: the model's reusable tensors, which a failed step must not add to (steps that
      // fail early leave some unused, and the next step frees those).
      int before = backend.live();
      int backwardCalls = backend.kernelCalls() - calls - forwardCalls;
      Map<String, float[]> expected = gradients(p);
      for (int k = 0; k < forwardCalls; k++) {
        backend.failKernelCall(k);
        var e = assertThrows(IllegalStateException.class, () -> model.forward(x, Mode.TRAIN));
        assertTrue(e.getMessage().startsWith("injected failure"), e.getMessage());
        assertTrue(backend.live() <= before, "after a failure in forward kernel call " + k + ": " + backend.live());
      }
      for (int k = 0; k < backwardCalls; k++) {
        model.forward(x, Mode.TRAIN).close();
        backend.failKernelCall(k);
        var e = assertThrows(IllegalStateException.class, () -> model.backward(r));
        assertTrue(e.getMessage().startsWith("injected failure"), e.getMessage());
        assertTrue(backend.live() <= before, "after a failure in backward kernel call " + k + ": " + backend.live());
      }
      // The running statistics moved with every forward, which does not change batch-statistics gradients.
      p.get("bn1.running_mean").copyFromHost(stats.get("bn1.running_mean"));
      model.forward(x, Mode.TRAIN).close();
      model.backward(r);
      Map<String, float[]> actual = gradients(p);
      expected.forEach((name, g) -> assertArrayEquals(g, actual.get(name), name));
    }
  }

  @Test
  void convWeightsArePreparedAgainOnlyAfterTheyMayHaveChanged() {
    Graph graph = ExampleGraphs.everyOp(3);
    Shape shape = Shape.nhwc(2, 9, 9, 3);
    try (Parameters p = parameters(graph);
        // Unfused, evaluation matches the kernels called by hand exactly.
        Model model = Model.bind(graph, backend, p, false);
        Model training = Model.bind(graph.withoutFinalSoftmax(), backend, p);
        Tensor x = input(shape, 10)) {
      assertEquals(6, backend.prepared());
      model.forward(x, Mode.EVAL).close();
      model.forward(x, Mode.EVAL).close();
      int live = backend.live();
      assertEquals(6, backend.prepared(), "unchanged weights stay prepared");

      float[] weight = p.get("layer1.0.conv2.weight").copyToHost();
      for (int i = 0; i < weight.length; i++) {
        weight[i] = -2 * weight[i];
      }
      p.get("layer1.0.conv2.weight").copyFromHost(weight);
      model.parametersChanged();
      assertEvaluationMatchesTheKernelsByHand(model, p, x);
      assertEquals(9, backend.prepared());
      assertEquals(live, backend.live(), "the stale prepared weights were freed");

      // A training step changes weights without telling anyone: a training forward of a model sharing the
      // parameters marks them stale for all.
      p.gradients();
      try (Tensor y = training.forward(x, Mode.TRAIN)) {
        backend.elementwise().fill(y, 0.5f);
        training.backward(y);
      }
      backend.optimizer().sgd(p.get("conv1.weight"), p.gradient("conv1.weight"), null, 0.5f, 0f, 0f, false);
      assertEvaluationMatchesTheKernelsByHand(model, p, x);
      assertEquals(12, backend.prepared());
    }
  }

  private void assertEvaluationMatchesTheKernelsByHand(Model model, Parameters p, Tensor x) {
    try (Tensor y = model.forward(x, Mode.EVAL);
        Tensor expected = ExampleGraphs.everyOpByHand(backend, p.tensors(), x)) {
      assertArrayEquals(expected.copyToHost(), y.copyToHost());
    }
  }
}
