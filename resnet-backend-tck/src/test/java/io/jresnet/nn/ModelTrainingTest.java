package io.jresnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.ShapeException;
import io.jresnet.graph.Graph;
import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.tck.ReferenceBackend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Training forward and backward on the reference backend: semantics beyond the gradient values themselves. */
class ModelTrainingTest {
  private final ReferenceBackend backend = new ReferenceBackend();

  private Parameters randomParameters(Graph graph, long seed) {
    return Parameters.fromHost(graph, backend, ExampleGraphs.randomValues(Parameters.specs(graph), seed));
  }

  private Tensor input(Shape shape, long seed) {
    return backend.fromHost(ExampleGraphs.input(seed, shape), shape);
  }

  /** One training step with output gradient {@code r}; returns every parameter gradient by name. */
  private static Map<String, float[]> step(Model model, Tensor x, Tensor r) {
    try (Tensor y = model.forward(x, Mode.TRAIN)) {
      model.backward(r);
    }
    Map<String, float[]> out = new HashMap<>();
    model.parameters().gradients().forEach((name, g) -> out.put(name, g.copyToHost()));
    return out;
  }

  /** conv 3x3 → {@code add(conv, conv)} or just conv → global pool → dense 2. */
  private static Graph doubled(boolean viaAdd) {
    List<Node> n =
        List.of(
            new Node("conv", Ops.CONV2D, Map.of("filters", 3, "kernel", 3, "padding", 1), Graph.INPUT),
            viaAdd
                ? new Node("twice", Ops.ADD, Map.of(), "conv", "conv")
                : new Node("twice", Ops.RELU, Map.of(), "conv"),
            new Node("pool", Ops.GLOBAL_AVG_POOL, Map.of(), viaAdd ? "twice" : "conv"),
            new Node("fc", Ops.DENSE, Map.of("units", 2), "pool"));
    return new Graph("doubled", Shape.of(5, 5, 2), n, "fc");
  }

  @Test
  void aValueReadTwiceByOneAddGetsBothGradients() {
    Shape shape = Shape.nhwc(2, 5, 5, 2);
    Graph twice = doubled(true);
    Graph once = doubled(false);
    try (Parameters a = randomParameters(twice, 1);
        Parameters b = Parameters.fromHost(once, backend, a.toHost());
        Model viaAdd = Model.bind(twice, backend, a);
        Model plain = Model.bind(once, backend, b);
        Tensor x = input(shape, 2);
        Tensor r = input(Shape.of(2, 2), 3)) {
      // Past the conv everything is linear, so the doubled path has exactly twice the conv's gradients.
      float[] doubledGrad = step(viaAdd, x, r).get("conv.weight");
      float[] plainGrad = step(plain, x, r).get("conv.weight");
      for (int i = 0; i < plainGrad.length; i++) {
        assertEquals(2 * plainGrad[i], doubledGrad[i], 1e-5f * (1 + Math.abs(doubledGrad[i])), "entry " + i);
      }
    }
  }

  @Test
  void parameterGradientsAreOverwrittenEachStepNotAccumulated() {
    Graph graph = ExampleGraphs.sharedBatchNorm();
    Shape shape = Shape.nhwc(2, 7, 6, 4);
    try (Parameters p = randomParameters(graph, 4);
        Model model = Model.bind(graph, backend, p);
        Tensor x = input(shape, 5);
        Tensor r = input(Shape.of(2, 3), 6)) {
      Map<String, float[]> first = step(model, x, r);
      Map<String, float[]> second = step(model, x, r);
      assertEquals(List.of("conv1.weight", "bn1.weight", "bn1.bias", "conv2.weight", "fc.weight"),
          List.copyOf(p.gradients().keySet()));
      for (String name : first.keySet()) {
        assertArrayEquals(first.get(name), second.get(name), name);
        assertTrue(norm(first.get(name)) > 0, name + " got a gradient");
      }
    }
  }

  @Test
  void runningStatisticsMoveByTheNodesMomentum() {
    Graph graph = GraphGradientTest.projectionBlock();
    Shape shape = Shape.nhwc(3, 11, 9, 3);
    try (Parameters p = randomParameters(graph, 7);
        Model model = Model.bind(graph, backend, p);
        Tensor x = input(shape, 8)) {
      Map<String, float[]> before = p.toHost();
      Map<String, double[]> params = new HashMap<>();
      before.forEach((name, v) -> params.put(name, GradientCheck.widen(v)));
      Float64Graph.Value bnInput =
          new Float64Graph(graph)
              .evaluate(params, new Float64Graph.Value(GradientCheck.widen(x.copyToHost()), shape), Mode.TRAIN)
              .get("conv1");
      model.forward(x, Mode.TRAIN).close();
      int c = 4;
      int rows = bnInput.data().length / c;
      double momentum = 0.3; // bn1's own, not the default 0.1
      for (int k = 0; k < c; k++) {
        double mean = 0;
        for (int i = 0; i < rows; i++) {
          mean += bnInput.data()[i * c + k] / rows;
        }
        double sq = 0;
        for (int i = 0; i < rows; i++) {
          sq += Math.pow(bnInput.data()[i * c + k] - mean, 2);
        }
        double unbiased = sq / (rows - 1);
        assertEquals((1 - momentum) * before.get("bn1.running_mean")[k] + momentum * mean,
            p.get("bn1.running_mean").copyToHost()[k], 1e-5, "running mean " + k);
        assertEquals((1 - momentum) * before.get("bn1.running_var")[k] + momentum * unbiased,
            p.get("bn1.running_var").copyToHost()[k], 1e-5, "running variance " + k);
      }
      // Evaluation leaves them alone.
      float[] after = p.get("bn2.running_mean").copyToHost();
      assertFalse(Arrays.equals(before.get("bn2.running_mean"), after));
      model.forward(x, Mode.EVAL).close();
      assertArrayEquals(after, p.get("bn2.running_mean").copyToHost());
    }
  }

  @Test
  void trainingUsesBatchStatisticsAndEvaluationTheRunningOnes() {
    Graph graph = ExampleGraphs.everyOp(3);
    Shape shape = Shape.nhwc(2, 9, 9, 3);
    try (Parameters p = randomParameters(graph, 9);
        Model model = Model.bind(graph, backend, p);
        Tensor x = input(shape, 10)) {
      Map<String, double[]> params = new HashMap<>();
      p.toHost().forEach((name, v) -> params.put(name, GradientCheck.widen(v)));
      Float64Graph reference = new Float64Graph(graph);
      var x64 = new Float64Graph.Value(GradientCheck.widen(x.copyToHost()), shape);
      double[] evalBefore = reference.output(params, x64, Mode.EVAL).data();
      double[] train = reference.output(params, x64, Mode.TRAIN).data();
      try (Tensor y = model.forward(x, Mode.EVAL)) {
        assertTrue(GradientCheck.relativeError(y.copyToHost(), evalBefore) < 1e-5);
      }
      try (Tensor y = model.forward(x, Mode.TRAIN)) {
        assertTrue(GradientCheck.relativeError(y.copyToHost(), train) < 1e-5);
      }
      assertTrue(GradientCheck.relativeError(GradientCheck.toFloat(train), evalBefore) > 0.01,
          "batch and running statistics give different answers here");
      // The running statistics moved, so evaluation now answers differently, as the float64 twin says.
      p.toHost().forEach((name, v) -> params.put(name, GradientCheck.widen(v)));
      double[] evalAfter = reference.output(params, x64, Mode.EVAL).data();
      try (Tensor y = model.forward(x, Mode.EVAL)) {
        assertTrue(GradientCheck.relativeError(y.copyToHost(), evalAfter) < 1e-5);
        assertTrue(GradientCheck.relativeError(y.copyToHost(), evalBefore) > 1e-3);
      }
    }
  }

  @Test
  void aGraphEndingInSoftmaxTrainsOnItsLogits() {
    Graph graph = ExampleGraphs.everyOp(3);
    Shape shape = Shape.nhwc(2, 9, 9, 3);
    try (Parameters p = randomParameters(graph, 11);
        Model full = Model.bind(graph, backend, p);
        Model logits = Model.bind(graph.withoutFinalSoftmax(), backend, p);
        Tensor x = input(shape, 12);
        Tensor r = input(Shape.of(2, 6), 13)) {
      full.forward(x, Mode.TRAIN).close();
      var e = assertThrows(UnsupportedOperationException.class, () -> full.backward(r));
      assertEquals(
          "node 'softmax': softmax has no backward; train on the logits instead: bind graph.withoutFinalSoftmax()"
              + " and use the fused softmax-cross-entropy loss",
          e.getMessage());
      int[] labels = {4, 1};
      try (Tensor z = logits.forward(x, Mode.TRAIN);
          Tensor dz = backend.allocate(z.shape())) {
        double loss = backend.loss().softmaxCrossEntropy(z, labels, 0f, dz, null);
        assertTrue(loss > 0 && Double.isFinite(loss));
        logits.backward(dz);
      }
      assertTrue(norm(p.gradient("conv1.weight").copyToHost()) > 0);
    }
  }

  @Test
  void backwardRefusesWhatItCannotUse() {
    Graph graph = ExampleGraphs.sharedBatchNorm();
    try (Parameters p = randomParameters(graph, 14);
        Model model = Model.bind(graph, backend, p);
        Tensor x = input(Shape.nhwc(2, 7, 6, 4), 15);
        Tensor wrong = backend.allocate(Shape.of(3, 3));
        Tensor right = backend.allocate(Shape.of(2, 3));
        ReferenceBackend other = new ReferenceBackend();
        Tensor foreign = other.allocate(Shape.of(2, 3))) {
      var none = assertThrows(IllegalStateException.class, () -> model.backward(right));
      assertEquals(
          "backward needs a forward(x, Mode.TRAIN) first (each training forward allows one backward)",
          none.getMessage());
      model.forward(x, Mode.EVAL).close();
      assertThrows(IllegalStateException.class, () -> model.backward(right));
      model.forward(x, Mode.TRAIN).close();
      var shape = assertThrows(ShapeException.class, () -> model.backward(wrong));
      assertEquals(
          "node 'fc': the output gradient must have the output's shape [2, 3], got [3, 3]", shape.getMessage());
      var elsewhere = assertThrows(IllegalArgumentException.class, () -> model.backward(foreign));
      assertEquals(
          "the output gradient tensor belongs to another backend instance than the model (output gradient:"
              + " reference, model: reference); create it with the model's backend",
          elsewhere.getMessage());
      model.backward(right);
      assertThrows(IllegalStateException.class, () -> model.backward(right), "one backward per forward");
    }
  }

  static double norm(float[] v) {
    double s = 0;
    for (float f : v) {
      s += (double) f * f;
    }
    return Math.sqrt(s);
  }
}
