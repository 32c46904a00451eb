package io.jresnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.graph.Graph;
import io.jresnet.tck.ReferenceBackend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Finding where a NaN or infinity first appeared in a training step. */
class NonFiniteWatchTest {
  private final ReferenceBackend backend = new ReferenceBackend();
  private final Graph graph = ExampleGraphs.everyOp(3).withoutFinalSoftmax();
  private final Shape shape = Shape.nhwc(2, 9, 9, 3);

  private Parameters parameters() {
    return Parameters.fromHost(graph, backend, ExampleGraphs.randomValues(Parameters.specs(graph), 41));
  }

  private Tensor input(Shape s, long seed) {
    return backend.fromHost(ExampleGraphs.input(seed, s), s);
  }

  private static void poison(Tensor t, int index, float value) {
    float[] v = t.copyToHost();
    v[index] = value;
    t.copyFromHost(v);
  }

  private static Optional<NonFiniteValue> step(Model model, Tensor x, Tensor r) {
    model.forward(x, Mode.TRAIN).close();
    model.backward(r);
    return model.firstNonFinite();
  }

  @Test
  void aBadWeightIsNamedBeforeTheOutputsItSpoils() {
    try (Parameters p = parameters();
        Model model = Model.bind(graph, backend, p);
        Tensor x = input(shape, 1);
        Tensor r = input(Shape.of(2, 6), 2)) {
      model.watchNonFinite(true);
      assertEquals(Optional.empty(), step(model, x, r), "all finite");
      poison(p.get("layer1.0.conv2.weight"), 5, Float.NaN);
      NonFiniteValue found = step(model, x, r).orElseThrow();
      assertEquals(
          new NonFiniteValue("layer1.0.conv2", NonFiniteValue.Kind.PARAMETER, "layer1.0.conv2.weight", 1), found);
      assertEquals(
          "node 'layer1.0.conv2': parameter 'layer1.0.conv2.weight' has 1 non-finite value", found.describe());
    }
  }

  @Test
  void anInfiniteInputIsBlamedOnTheInput() {
    try (Parameters p = parameters();
        Model model = Model.bind(graph, backend, p);
        Tensor x = input(shape, 3);
        Tensor r = input(Shape.of(2, 6), 4)) {
      poison(x, 7, Float.POSITIVE_INFINITY);
      poison(x, 8, Float.NEGATIVE_INFINITY);
      model.watchNonFinite(true);
      NonFiniteValue found = step(model, x, r).orElseThrow();
      assertEquals(new NonFiniteValue(Graph.INPUT, NonFiniteValue.Kind.OUTPUT, Graph.INPUT, 2), found);
      assertEquals("node 'input': output has 2 non-finite values", found.describe());
    }
  }

  @Test
  void aBadOutputGradientIsFoundWhereBackwardFirstSpreadsIt() {
    try (Parameters p = parameters();
        Model model = Model.bind(graph, backend, p);
        Tensor x = input(shape, 5);
        Tensor r = input(Shape.of(2, 6), 6)) {
      poison(r, 1, Float.NaN);
      model.watchNonFinite(true);
      NonFiniteValue found = step(model, x, r).orElseThrow();
      // The dense layer spreads one sample's bad gradient over all its 200 input features.
      assertEquals(new NonFiniteValue("fc", NonFiniteValue.Kind.INPUT_GRADIENT, "flatten", 200), found);
      assertEquals("node 'fc': gradient of input 'flatten' has 200 non-finite values", found.describe());
    }
  }

  @Test
  void nothingIsCheckedUnlessAsked() {
    try (Parameters p = parameters();
        Model model = Model.bind(graph, backend, p);
        Tensor x = input(shape, 7);
        Tensor r = input(Shape.of(2, 6), 8)) {
      poison(p.get("fc.weight"), 0, Float.NaN);
      assertEquals(Optional.empty(), step(model, x, r));
      model.watchNonFinite(true);
      assertTrue(step(model, x, r).isPresent());
      model.watchNonFinite(false);
      assertEquals(Optional.empty(), step(model, x, r));
    }
  }
}
