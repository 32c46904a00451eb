package io.jresnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.ShapeException;
import io.jresnet.graph.Graph;
import io.jresnet.tck.ReferenceBackend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The executor on the reference backend: results, fusion, and that it frees what it allocates. */
class ModelTest {
  private final ReferenceBackend backend = new ReferenceBackend();

  private Parameters randomParameters(Graph graph, long seed) {
    return Parameters.fromHost(graph, backend, ExampleGraphs.randomValues(Parameters.specs(graph), seed));
  }

  private float[] run(Model model, Shape shape, long seed) {
    try (Tensor x = backend.fromHost(ExampleGraphs.input(seed, shape), shape);
        Tensor y = model.forward(x, Mode.EVAL)) {
      return y.copyToHost();
    }
  }

  private float[] byHand(Parameters p, Shape shape, long seed, boolean everyOp) {
    try (Tensor x = backend.fromHost(ExampleGraphs.input(seed, shape), shape);
        Tensor y =
            everyOp
                ? ExampleGraphs.everyOpByHand(backend, p.tensors(), x)
                : ExampleGraphs.sharedBatchNormByHand(backend, p.tensors(), x)) {
      return y.copyToHost();
    }
  }

  @Test
  void matchesTheKernelsCalledByHandAtBatchThree() {
    Graph graph = ExampleGraphs.everyOp(3);
    Shape shape = Shape.nhwc(3, 9, 9, 3);
    try (Parameters p = randomParameters(graph, 1);
        Model model = Model.bind(graph, backend, p, false)) {
      float[] expected = byHand(p, shape, 2, true);
      assertArrayEquals(expected, run(model, shape, 2));
      // Each sample gets its own answer: the batch is not mixed up.
      assertNotEquals(expected[0], expected[6]);
    }
  }

  @Test
  void fusedAndUnfusedGiveTheSameResultUpToRounding() {
    Graph graph = ExampleGraphs.everyOp(3);
    Shape shape = Shape.nhwc(2, 9, 9, 3);
    try (Parameters p = randomParameters(graph, 3);
        Model fused = Model.bind(graph, backend, p);
        Model unfused = Model.bind(graph, backend, p, false)) {
      assertEquals(
          """
          pad <- input
          conv1+bn1+relu <- pad
          maxpool <- relu
          layer1.0.conv1+layer1.0.bn1+layer1.0.relu1 <- maxpool
          layer1.0.conv2+layer1.0.bn2+layer1.0.add+layer1.0.relu2 <- layer1.0.relu1, maxpool
          avgpool <- layer1.0.relu2
          flatten <- avgpool
          fc <- flatten
          softmax <- fc
          """,
          fused.inferencePlan());
      assertEquals(3, fused.foldedBatchNorms());
      assertEquals(1, fused.fusedAdds());
      assertEquals(3, fused.fusedRelus());
      assertEquals(0, unfused.foldedBatchNorms() + unfused.fusedAdds() + unfused.fusedRelus());
      float[] expected = byHand(p, shape, 4, true);
      assertArrayEquals(expected, run(unfused, shape, 4));
      MaxRelativeError.assertWithin(1e-5, expected, run(fused, shape, 4), "fused every-op");
    }
  }

  @Test
  void aBatchNormReadBeyondItsReluIsFoldedButKeepsItsValue() {
    Graph graph = ExampleGraphs.sharedBatchNorm();
    Shape shape = Shape.nhwc(2, 7, 6, 4);
    try (Parameters p = randomParameters(graph, 5);
        Model model = Model.bind(graph, backend, p)) {
      // bn1 also feeds the add, so relu1 runs on its own; conv2's only reader is the add, which takes bn1 as the
      // residual and brings its ReLU along.
      assertEquals(
          """
          conv1+bn1 <- input
          relu1 <- bn1
          conv2+add+relu2 <- relu1, bn1
          avgpool <- relu2
          fc <- avgpool
          """,
          model.inferencePlan());
      assertEquals(1, model.fusedRelus());
      MaxRelativeError.assertWithin(1e-5, byHand(p, shape, 6, false), run(model, shape, 6), "shared-bn");
    }
  }

  @Test
  void aGraphEndingInGlobalPoolingRunsAtOtherInputSizes() {
    Graph graph = ExampleGraphs.sharedBatchNorm();
    Shape other = Shape.nhwc(3, 11, 5, 4);
    try (Parameters p = randomParameters(graph, 7);
        Model model = Model.bind(graph, backend, p)) {
      assertEquals(Shape.of(3, 3), model.outputShape(other));
      MaxRelativeError.assertWithin(1e-5, byHand(p, other, 8, false), run(model, other, 8), "other size");
    }
  }

  @Test
  void aGraphEndingInFlattenRefusesOtherSizesNamingTheDenseNode() {
    Graph graph = ExampleGraphs.everyOp(3);
    try (Parameters p = randomParameters(graph, 9);
        Model model = Model.bind(graph, backend, p);
        Tensor x = backend.allocate(Shape.nhwc(1, 11, 11, 3))) {
      var e = assertThrows(ShapeException.class, () -> model.forward(x, Mode.EVAL));
      assertEquals(
          "node 'fc': dense expects 200 input features (from its weight fc.weight [200, 6]), got 288 in input"
              + " [1, 288]",
          e.getMessage());
    }
  }

  @Test
  void inputsOfTheWrongChannelsRankOrBackendAreRefused() {
    Graph graph = ExampleGraphs.everyOp(3);
    try (Parameters p = randomParameters(graph, 10);
        Model model = Model.bind(graph, backend, p);
        Tensor channels = backend.allocate(Shape.nhwc(2, 9, 9, 1));
        Tensor rank = backend.allocate(Shape.of(9, 9, 3));
        ReferenceBackend other = new ReferenceBackend();
        Tensor foreign = other.allocate(Shape.nhwc(1, 9, 9, 3))) {
      assertEquals(
          "node 'input': expected an NHWC input [N, 9, 9, 3] (any N), got [2, 9, 9, 1]",
          assertThrows(ShapeException.class, () -> model.forward(channels, Mode.EVAL)).getMessage());
      assertEquals(
          "node 'input': expected an NHWC input [N, 9, 9, 3] (any N), got [9, 9, 3]",
          assertThrows(ShapeException.class, () -> model.forward(rank, Mode.EVAL)).getMessage());
      assertEquals(
          "the input tensor belongs to another backend instance than the model (input: reference, model:"
              + " reference); create it with the model's backend",
          assertThrows(IllegalArgumentException.class, () -> model.forward(foreign, Mode.EVAL)).getMessage());
    }
  }

  @Test
  void aWeightForOtherInputChannelsIsNamedAtBindTime() {
    try (Parameters rgb = randomParameters(ExampleGraphs.everyOp(3), 12)) {
      var e = assertThrows(ShapeException.class, () -> Model.bind(ExampleGraphs.everyOp(1), backend, rgb));
      assertEquals(
          "node 'conv1': conv2d expects 3 input channels (from its weight conv1.weight [3, 3, 3, 8]), got 1 in"
              + " input [1, 10, 10, 1]",
          e.getMessage());
    }
  }

  @Test
  void parametersOfAnotherGraphAreListedAtBindTime() {
    try (Parameters other = randomParameters(ExampleGraphs.sharedBatchNorm(), 13)) {
      var e =
          assertThrows(
              io.jresnet.WeightsException.class, () -> Model.bind(ExampleGraphs.everyOp(3), backend, other));
      assertTrue(
          e.getMessage().startsWith("<weights>: the tensors do not match the model's parameters (12 missing, 1"
              + " unexpected, 6 with the wrong shape): missing: conv1.bias [8], layer1.0.conv1.weight [3, 3, 4, 8],"),
          e.getMessage());
      assertTrue(
          e.getMessage().endsWith("; unexpected: conv2.weight; wrong shape: conv1.weight needs [3, 3, 3, 8], got"
              + " [1, 1, 4, 5], bn1.weight needs [8], got [5], bn1.bias needs [8], got [5], bn1.running_mean needs"
              + " [8], got [5], bn1.running_var needs [8], got [5], fc.weight needs [200, 6], got [5, 3]"),
          e.getMessage());
    }
    try (ReferenceBackend elsewhere = new ReferenceBackend();
        Parameters p =
            Parameters.allocate(ExampleGraphs.sharedBatchNorm(), elsewhere, Initializer.heNormal(), 1)) {
      var e =
          assertThrows(
              IllegalArgumentException.class, () -> Model.bind(ExampleGraphs.sharedBatchNorm(), backend, p));
      assertEquals(
          "the parameters belong to another backend instance than the model (parameters: reference, model:"
              + " reference); load them with the model's backend",
          e.getMessage());
    }
  }

  @Test
  void theInputAsOutputComesBackAsACopy() {
    Graph identity = new Graph("identity", Shape.of(2, 2, 1), java.util.List.of(), Graph.INPUT);
    try (Parameters p = Parameters.allocate(identity, backend, Initializer.heNormal(), 0);
        Model model = Model.bind(identity, backend, p);
        Tensor x = backend.fromHost(new float[] {1, 2, 3, 4}, Shape.nhwc(1, 2, 2, 1));
        Tensor y = model.forward(x, Mode.EVAL)) {
      assertNotEquals(x, y);
      assertArrayEquals(x.copyToHost(), y.copyToHost());
    }
  }

  @Test
  void closedModelsRefuseToRun() {
    Graph graph = ExampleGraphs.sharedBatchNorm();
    try (Parameters p = randomParameters(graph, 14);
        Tensor x = backend.allocate(Shape.nhwc(1, 7, 6, 4))) {
      Model model = Model.bind(graph, backend, p);
      model.close();
      var e = assertThrows(IllegalStateException.class, () -> model.forward(x, Mode.EVAL));
      assertEquals("model shared-bn is closed", e.getMessage());
    }
  }
}
