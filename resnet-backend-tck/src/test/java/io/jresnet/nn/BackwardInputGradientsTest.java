package io.jresnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jresnet.graph.Graph;
import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which input gradients the training pass asks the backend for, counted through a reference-backend decorator. */
class BackwardInputGradientsTest {
  /**
   * A zero padding in front of the first conv (the Keras ResNet-50's stem) only carries the graph input: no
   * parameter depends on the gradient of its output, so the first conv computes no input gradient and the padding
   * no backward, while the second conv still computes one and the first conv's weight gradient still arrives.
   */
  @Test
  void noInputGradientFlowsIntoParameterFreeLayersOfTheGraphInput() {
    CountingBackend backend = new CountingBackend();
    Graph graph = new Graph("padded stem", Shape.of(5, 5, 2), List.of(
        new Node("pad", Ops.ZERO_PAD2D, Map.of("padding", List.of(1, 1, 1, 1)), Graph.INPUT),
        new Node("conv0", Ops.CONV2D, Map.of("filters", 3, "kernel", 3, "padding", 0), "pad"),
        new Node("relu0", Ops.RELU, Map.of(), "conv0"),
        new Node("conv1", Ops.CONV2D, Map.of("filters", 4, "kernel", 3, "padding", 1), "relu0")), "conv1");
    Shape inputShape = Shape.nhwc(2, 5, 5, 2);
    float[] input = new float[inputShape.size()];
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) Math.sin(i);
    }
    try (Parameters parameters = Parameters.allocate(graph, backend, Initializer.heNormal(), 3);
        Model model = Model.bind(graph, backend, parameters);
        Tensor x = backend.fromHost(input, inputShape)) {
      Tensor y = model.forward(x, Mode.TRAIN);
      float[] seed = new float[y.shape().size()];
      Arrays.fill(seed, 1f);
      try (Tensor dy = backend.fromHost(seed, y.shape())) {
        y.close();
        model.backward(dy);
      }
      assertEquals(1, backend.calls("conv2dBackwardData"), "conv input gradients");
      assertEquals(2, backend.calls("conv2dBackwardFilter"), "conv weight gradients");
      assertEquals(0, backend.calls("zeroPad2dBackward"), "padding backward");
      double size = 0;
      for (float v : parameters.gradient("conv0.weight").copyToHost()) {
        size += Math.abs(v);
      }
      assertNotEquals(0.0, size, "conv0.weight gradient");
    }
  }
}
