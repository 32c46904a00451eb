package io.jresnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.ShapeException;
import io.jresnet.graph.Graph;
import io.jresnet.tensor.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShapeInferenceTest {
  @Test
  void infersEveryNodeOfASmallResidualGraphInOrder() {
    Graph graph = TestGraphs.smallResidual();
    Map<String, Shape> shapes = ShapeInference.infer(graph, 3);

    assertEquals(
        List.of(
            "input", "conv1", "bn1", "relu", "layer1.0.conv1", "layer1.0.bn1", "layer1.0.relu1", "layer1.0.conv2",
            "layer1.0.bn2", "layer1.0.downsample.0", "layer1.0.downsample.1", "layer1.0.add", "layer1.0.relu2",
            "avgpool", "fc", "softmax"),
        List.copyOf(shapes.keySet()));
    assertEquals(Shape.nhwc(3, 8, 8, 3), shapes.get("input"));
    assertEquals(Shape.nhwc(3, 8, 8, 4), shapes.get("relu"));
    assertEquals(Shape.nhwc(3, 4, 4, 6), shapes.get("layer1.0.conv1"));
    assertEquals(Shape.nhwc(3, 4, 4, 6), shapes.get("layer1.0.downsample.1"));
    assertEquals(Shape.nhwc(3, 4, 4, 6), shapes.get("layer1.0.add"));
    assertEquals(Shape.of(3, 6), shapes.get("avgpool"));
    assertEquals(Shape.of(3, 5), shapes.get("softmax"));
  }

  @Test
  void otherInputSizesWorkWhenTheGraphEndsInGlobalPooling() {
    Map<String, Shape> shapes = ShapeInference.infer(TestGraphs.resnet50(false), Shape.nhwc(1, 97, 131, 3));
    assertEquals(Shape.nhwc(1, 4, 5, 2048), shapes.get("layer4.2.relu3"));
    assertEquals(Shape.of(1, 1000), shapes.get("fc"));
  }

  @Test
  void anInputTooSmallForTheStridesNamesTheNodeWhereItRunsOut() {
    Graph keras = TestGraphs.resnet50(true);
    var stem = assertThrows(ShapeException.class, () -> ShapeInference.infer(keras, Shape.nhwc(1, 4, 4, 3)));
    assertEquals("maxpool", stem.node());
    assertEquals(
        "node 'maxpool': max_pool2d: the 3x3 window does not fit input [1, 2, 2, 64] padded by [0, 0, 0, 0] to 2x2"
            + " (output would be 0x0); the model input is too small for the strides and windows up to here",
        stem.getMessage());
    var head = assertThrows(ShapeException.class, () -> ShapeInference.infer(keras, Shape.nhwc(1, 32, 40, 3)));
    assertEquals("avgpool", head.node());
    assertEquals(
        "node 'avgpool': avg_pool2d: the 2x2 window does not fit input [1, 1, 2, 2048] padded by [0, 0, 0, 0] to"
            + " 1x2 (output would be 0x1); the model input is too small for the strides and windows up to here",
        head.getMessage());
  }

  @Test
  void badInputShapesAndBatchSizesAreNamedAsTheInput() {
    Graph graph = TestGraphs.smallResidual();
    var batch = assertThrows(ShapeException.class, () -> ShapeInference.infer(graph, 0));
    assertEquals("node 'input': batch size must be >= 1, got 0", batch.getMessage());
    var rank = assertThrows(ShapeException.class, () -> ShapeInference.infer(graph, Shape.of(1, 8, 8)));
    assertEquals("node 'input': expected an NHWC input [N, H, W, C], got [1, 8, 8]", rank.getMessage());
    var empty = assertThrows(ShapeException.class, () -> ShapeInference.infer(graph, Shape.nhwc(1, 0, 8, 3)));
    assertEquals("node 'input': every dimension must be >= 1, got [1, 0, 8, 3]", empty.getMessage());
  }
}
