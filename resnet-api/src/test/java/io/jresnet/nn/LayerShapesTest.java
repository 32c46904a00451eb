package io.jresnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.ShapeException;
import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.Pool2dParams;
import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.nn.ParameterSpec.Role;
import io.jresnet.tensor.Shape;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The shape rule, parameters and MACs of every layer, and each shape error message. */
class LayerShapesTest {
  private static Layer layer(String name, String op, Map<String, Object> attributes, String... inputs) {
    return Layers.create(new Node(name, op, attributes, inputs.length == 0 ? new String[] {"x"} : inputs));
  }

  private static void assertShapeError(String message, Executable call) {
    assertEquals(message, assertThrows(ShapeException.class, call).getMessage());
  }

  private static Map<String, Object> conv(Object... keyValues) {
    Map<String, Object> m = new HashMap<>(Map.of("filters", 8, "kernel", 3));
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put((String) keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  @Test
  void conv2dShapeParametersAndMacs() {
    var c =
        (Conv2dLayer)
            layer("layer1.0.conv2", Ops.CONV2D, conv("stride", 2, "padding", List.of(1, 2, 0, 1), "bias", true));
    List<Shape> in = List.of(Shape.nhwc(2, 9, 10, 6));
    assertEquals(new Conv2dParams(3, 3, 2, 2, 1, 2, 0, 1, 1, 1, 1), c.params());
    // H: (9 + 3 - 3) / 2 + 1 = 5; W: (10 + 1 - 3) / 2 + 1 = 5.
    assertEquals(Shape.nhwc(2, 5, 5, 8), c.outputShape(in));
    assertEquals(
        List.of(
            new ParameterSpec("layer1.0.conv2.weight", Shape.of(3, 3, 6, 8), Role.CONV_WEIGHT),
            new ParameterSpec("layer1.0.conv2.bias", Shape.of(8), Role.BIAS)),
        c.parameters(in));
    assertEquals(2L * 5 * 5 * 8 * (3 * 3 * 6), c.macs(in));
  }

  @Test
  void conv2dWithDilationAndGroups() {
    var c = (Conv2dLayer) layer("c", Ops.CONV2D, conv("dilation", 2, "groups", 2, "padding", 2));
    List<Shape> in = List.of(Shape.nhwc(1, 7, 7, 4));
    assertEquals(Shape.nhwc(1, 7, 7, 8), c.outputShape(in));
    assertEquals(Shape.of(3, 3, 2, 8), c.parameters(in).getFirst().shape());
    assertEquals(1, c.parameters(in).size());
    assertEquals(7L * 7 * 8 * (3 * 3 * 2), c.macs(in));
  }

  @Test
  void conv2dShapeErrors() {
    List<Shape> six = List.of(Shape.nhwc(1, 8, 8, 6));
    assertShapeError(
        "node 'c': conv2d with groups=4 needs input channels divisible by 4, got 6 channels in input [1, 8, 8, 6]",
        () -> layer("c", Ops.CONV2D, conv("groups", 4)).outputShape(six));
    assertShapeError(
        "node 'c': conv2d with groups=3 needs filters divisible by 3, got filters=8",
        () -> layer("c", Ops.CONV2D, conv("groups", 3)).outputShape(six));
    assertShapeError(
        "node 'c': conv2d: the 5x5 window does not fit input [1, 2, 3, 6] padded by [1, 1, 0, 0] to 4x3 (output"
            + " would be 0x0); the model input is too small for the strides and windows up to here",
        () ->
            layer("c", Ops.CONV2D, conv("kernel", 5, "padding", List.of(1, 1, 0, 0)))
                .outputShape(List.of(Shape.nhwc(1, 2, 3, 6))));
    assertShapeError(
        "node 'c': conv2d: the 3x3 window with dilation 2x2 (spanning 5x5) does not fit input [1, 4, 4, 6] padded by"
            + " [0, 0, 0, 0] to 4x4 (output would be 0x0); the model input is too small for the strides and windows"
            + " up to here",
        () -> layer("c", Ops.CONV2D, conv("dilation", 2)).outputShape(List.of(Shape.nhwc(1, 4, 4, 6))));
    assertShapeError(
        "node 'c': conv2d expects an NHWC input [N, H, W, C], got [1, 64]",
        () -> layer("c", Ops.CONV2D, conv()).outputShape(List.of(Shape.of(1, 64))));
    assertShapeError(
        "node 'c': conv2d takes 1 input, got 2 [[1, 8, 8, 6], [1, 8, 8, 6]]",
        () -> layer("c", Ops.CONV2D, conv()).outputShape(List.of(six.getFirst(), six.getFirst())));
  }

  @Test
  void conv2dWeightForOtherChannelsIsExplainedInChannels() {
    var c = (Conv2dLayer) layer("conv1", Ops.CONV2D, Map.of("filters", 64, "kernel", 7));
    List<Shape> in = List.of(Shape.nhwc(1, 64, 64, 1));
    ParameterSpec expected = c.parameters(in).getFirst();
    assertEquals(
        "node 'conv1': conv2d expects 3 input channels (from its weight conv1.weight [7, 7, 3, 64]), got 1 in input"
            + " [1, 64, 64, 1]",
        c.parameterMismatch(expected, Shape.of(7, 7, 3, 64), in).getMessage());
    assertEquals(
        "node 'conv1': parameter conv1.weight has shape [5, 5, 1, 64], but input [[1, 64, 64, 1]] needs"
            + " [7, 7, 1, 64]",
        c.parameterMismatch(expected, Shape.of(5, 5, 1, 64), in).getMessage());
  }

  @Test
  void batchNormKeepsTheShapeAndOwnsFourChannelVectors() {
    var bn = (BatchNormLayer) layer("bn1", Ops.BATCH_NORM, Map.of());
    List<Shape> in = List.of(Shape.nhwc(2, 5, 5, 16));
    assertEquals(in.getFirst(), bn.outputShape(in));
    assertEquals(1e-5, bn.epsilon());
    assertEquals(0.1, bn.momentum());
    Shape c = Shape.of(16);
    assertEquals(
        List.of(
            new ParameterSpec("bn1.weight", c, Role.BN_GAMMA),
            new ParameterSpec("bn1.bias", c, Role.BN_BETA),
            new ParameterSpec("bn1.running_mean", c, Role.BN_RUNNING_MEAN),
            new ParameterSpec("bn1.running_var", c, Role.BN_RUNNING_VAR)),
        bn.parameters(in));
    assertEquals(List.of(true, true, false, false), bn.parameters(in).stream().map(ParameterSpec::trainable).toList());
    assertEquals(0, bn.macs(in));
    assertEquals(Shape.of(3, 7), bn.outputShape(List.of(Shape.of(3, 7))));
    assertShapeError(
        "node 'bn1': batch_norm expects a channels-last input [N, ..., C], got [7]",
        () -> bn.outputShape(List.of(Shape.of(7))));
  }

  @Test
  void reluAndSoftmaxKeepTheShape() {
    Shape s = Shape.of(2, 10);
    assertEquals(s, layer("r", Ops.RELU, Map.of()).outputShape(List.of(s)));
    assertEquals(s, layer("p", Ops.SOFTMAX, Map.of()).outputShape(List.of(s)));
    assertEquals(List.of(), layer("r", Ops.RELU, Map.of()).parameters(List.of(s)));
    assertShapeError(
        "node 'p': softmax expects a batched input [N, ..., classes], got [10]",
        () -> layer("p", Ops.SOFTMAX, Map.of()).outputShape(List.of(Shape.of(10))));
  }

  @Test
  void addNeedsEqualShapesAndNamesBothInputs() {
    Layer add = layer("layer1.0.add", Ops.ADD, Map.of(), "layer1.0.bn3", "maxpool");
    Shape a = Shape.nhwc(1, 56, 56, 256);
    assertEquals(a, add.outputShape(List.of(a, a)));
    assertShapeError(
        "node 'layer1.0.add': inputs must have equal shapes, got [1, 56, 56, 256] ('layer1.0.bn3') and"
            + " [1, 56, 56, 64] ('maxpool')",
        () -> add.outputShape(List.of(a, Shape.nhwc(1, 56, 56, 64))));
    assertShapeError(
        "node 'layer1.0.add': add takes 2 inputs, got 1 [[1, 56, 56, 256]]", () -> add.outputShape(List.of(a)));
  }

  @Test
  void maxPoolStrideDefaultsToTheKernel() {
    var pool = (MaxPool2dLayer) layer("maxpool", Ops.MAX_POOL2D, Map.of("kernel", List.of(2, 3)));
    assertEquals(new Pool2dParams(2, 3, 2, 3, 0, 0, 0, 0, true), pool.params());
    assertEquals(Shape.nhwc(1, 3, 2, 5), pool.outputShape(List.of(Shape.nhwc(1, 7, 8, 5))));
    assertEquals(0, pool.macs(List.of(Shape.nhwc(1, 7, 8, 5))));
  }

  @Test
  void maxPoolLikeTorchvisionStem() {
    Layer pool = layer("maxpool", Ops.MAX_POOL2D, Map.of("kernel", 3, "stride", 2, "padding", 1));
    assertEquals(Shape.nhwc(1, 56, 56, 64), pool.outputShape(List.of(Shape.nhwc(1, 112, 112, 64))));
  }

  @Test
  void poolPaddingMustLeaveEveryWindowARealCell() {
    Layer pool = layer("p", Ops.MAX_POOL2D, Map.of("kernel", 3, "stride", 1, "padding", List.of(0, 3, 0, 0)));
    assertShapeError(
        "node 'p': max_pool2d padding [0, 3, 0, 0] must be smaller than its 3x3 window on each side, or a window"
            + " would cover only padding",
        () -> pool.outputShape(List.of(Shape.nhwc(1, 8, 8, 2))));
  }

  @Test
  void avgPoolCountsPaddingUnlessToldNot() {
    var torch = (AvgPool2dLayer) layer("a", Ops.AVG_POOL2D, Map.of("kernel", 3, "stride", 1, "padding", 1));
    assertTrue(torch.params().countPadding());
    var keras =
        (AvgPool2dLayer)
            layer("a", Ops.AVG_POOL2D, Map.of("kernel", 2, "padding", List.of(0, 1, 0, 1), "count_padding", false));
    assertFalse(keras.params().countPadding());
    assertEquals(Shape.nhwc(2, 2, 2, 3), keras.outputShape(List.of(Shape.nhwc(2, 3, 3, 3))));
    assertShapeError(
        "node 'a': avg_pool2d expects an NHWC input [N, H, W, C], got [2, 3]",
        () -> keras.outputShape(List.of(Shape.of(2, 3))));
  }

  @Test
  void globalAvgPoolDropsHeightAndWidth() {
    Layer gap = layer("avgpool", Ops.GLOBAL_AVG_POOL, Map.of());
    assertEquals(Shape.of(4, 2048), gap.outputShape(List.of(Shape.nhwc(4, 7, 7, 2048))));
    assertShapeError(
        "node 'avgpool': global_avg_pool expects an NHWC input [N, H, W, C], got [4, 2048]",
        () -> gap.outputShape(List.of(Shape.of(4, 2048))));
  }

  @Test
  void zeroPadGrowsHeightAndWidth() {
    var pad = (ZeroPad2dLayer) layer("pad", Ops.ZERO_PAD2D, Map.of("padding", List.of(1, 2, 3, 4)));
    assertEquals(Shape.nhwc(1, 8, 12, 3), pad.outputShape(List.of(Shape.nhwc(1, 5, 5, 3))));
    assertEquals(Shape.nhwc(1, 11, 11, 3), layer("p", Ops.ZERO_PAD2D, Map.of("padding", 3))
        .outputShape(List.of(Shape.nhwc(1, 5, 5, 3))));
  }

  @Test
  void flattenKeepsTheBatch() {
    Layer flatten = layer("flatten", Ops.FLATTEN, Map.of());
    assertEquals(Shape.of(2, 8192), flatten.outputShape(List.of(Shape.nhwc(2, 2, 2, 2048))));
    assertShapeError(
        "node 'flatten': flatten expects a batched input [N, ...], got [5]",
        () -> flatten.outputShape(List.of(Shape.of(5))));
  }

  @Test
  void denseShapeParametersAndMacs() {
    var fc = (DenseLayer) layer("fc", Ops.DENSE, Map.of("units", 1000));
    List<Shape> in = List.of(Shape.of(3, 2048));
    assertEquals(Shape.of(3, 1000), fc.outputShape(in));
    assertEquals(
        List.of(
            new ParameterSpec("fc.weight", Shape.of(2048, 1000), Role.DENSE_WEIGHT),
            new ParameterSpec("fc.bias", Shape.of(1000), Role.BIAS)),
        fc.parameters(in));
    assertEquals(3L * 2048 * 1000, fc.macs(in));
    var noBias = (DenseLayer) layer("fc", Ops.DENSE, Map.of("units", 10, "bias", false));
    assertEquals(1, noBias.parameters(in).size());
    assertShapeError(
        "node 'fc': dense expects a [N, features] input, got [1, 7, 7, 2048]; put a flatten or global_avg_pool node"
            + " before it",
        () -> fc.outputShape(List.of(Shape.nhwc(1, 7, 7, 2048))));
    assertEquals(
        "node 'fc': dense expects 8192 input features (from its weight fc.weight [8192, 1000]), got 2048 in input"
            + " [3, 2048]",
        fc.parameterMismatch(fc.parameters(in).getFirst(), Shape.of(8192, 1000), in).getMessage());
  }
}
