package io.jresnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.graph.Graph;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Model#bindForInference}: the same outputs from one copy of the weights, and clear errors for the rest. */
class ModelInferenceOnlyTest {
  private static final Graph GRAPH = ExampleGraphs.everyOp(3);
  private static final Shape INPUT = Shape.nhwc(2, 9, 9, 3);
  /** Every conv weight, conv1's bias and the three batch-norms' vectors; the dense layer's two stay. */
  private static final List<String> FREED =
      List.of(
          "conv1.weight", "conv1.bias", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var",
          "layer1.0.conv1.weight", "layer1.0.bn1.weight", "layer1.0.bn1.bias", "layer1.0.bn1.running_mean",
          "layer1.0.bn1.running_var", "layer1.0.conv2.weight", "layer1.0.bn2.weight", "layer1.0.bn2.bias",
          "layer1.0.bn2.running_mean", "layer1.0.bn2.running_var");

  private final CountingBackend backend = new CountingBackend();
  private final Map<String, float[]> values =
      ExampleGraphs.randomValues(Parameters.specs(GRAPH), 31);
  private final float[] input = ExampleGraphs.input(32, INPUT);

  private float[] boundNormally() {
    try (Parameters p = Parameters.fromHost(GRAPH, backend, values);
        Model model = Model.bind(GRAPH, backend, p);
        Tensor x = backend.fromHost(input, INPUT);
        Tensor y = model.forward(x, Mode.EVAL)) {
      return y.copyToHost();
    }
  }

  @Test
  void sameOutputsFromOneCopyOfTheWeights() {
    float[] expected = boundNormally();
    try (Parameters p = Parameters.fromHost(GRAPH, backend, values);
        Tensor x = backend.fromHost(input, INPUT)) {
      int before = backend.live();
      try (Model model = Model.bindForInference(GRAPH, backend, p)) {
        // Three prepared weights and three folded biases made; sixteen parameters freed.
        assertEquals(before + 6 - FREED.size(), backend.live());
        for (int pass = 0; pass < 2; pass++) {
          try (Tensor y = model.forward(x, Mode.EVAL)) {
            assertArrayEquals(expected, y.copyToHost(), "pass " + pass);
          }
        }
      }
      for (ParameterSpec spec : p.specs()) {
        assertEquals(FREED.contains(spec.name()), p.isReleased(spec.name()), spec.name());
      }
      assertFalse(p.get("fc.weight").isClosed());
    }
  }

  @Test
  void trainingNeedsAnOrdinaryBinding() {
    try (Parameters p = Parameters.fromHost(GRAPH.withoutFinalSoftmax(), backend, values);
        Model model = Model.bindForInference(GRAPH.withoutFinalSoftmax(), backend, p);
        Tensor x = backend.fromHost(input, INPUT);
        Tensor dy = backend.allocate(Shape.of(2, 6))) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.forward(x, Mode.TRAIN));
      assertTrue(e.getMessage().startsWith("a training forward needs the parameters this model freed"), e.getMessage());
      e = assertThrows(IllegalStateException.class, () -> model.backward(dy));
      assertTrue(e.getMessage().contains("bind with Model.bind to train"), e.getMessage());
    }
  }

  @Test
  void changedParametersCannotBePreparedAgain() {
    try (Parameters p = Parameters.fromHost(GRAPH, backend, values);
        Model model = Model.bindForInference(GRAPH, backend, p);
        Tensor x = backend.fromHost(input, INPUT)) {
      p.markChanged();
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.forward(x, Mode.EVAL));
      assertTrue(e.getMessage().contains("bound for inference only"), e.getMessage());
    }
  }

  @Test
  void freedParametersSayWhyWhenRead() {
    try (Parameters p = Parameters.fromHost(GRAPH, backend, values);
        Model model = Model.bindForInference(GRAPH, backend, p)) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.get("conv1.weight"));
      assertEquals(
          "parameter 'conv1.weight' was released by a model bound for inference only (Model.bindForInference): "
              + "load the weights again to train, export or save them",
          e.getMessage());
      e = assertThrows(IllegalStateException.class, p::toHost);
      assertTrue(e.getMessage().endsWith("(16 of 18 parameters were released)"), e.getMessage());
      assertThrows(IllegalStateException.class, p::toHostTensors);
      assertThrows(IllegalStateException.class, p::tensors);
      assertThrows(IllegalStateException.class, () -> p.gradient("bn1.weight"));
      e = assertThrows(IllegalStateException.class, () -> Model.bind(GRAPH, backend, p));
      assertTrue(e.getMessage().startsWith("parameter 'conv1.weight' was released"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> p.isReleased("nope"));
    }
  }
}
