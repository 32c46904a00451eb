package io.jresnet.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.ShapeException;
import io.jresnet.graph.Graph;
import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.nn.ModelSummary;
import io.jresnet.nn.ShapeInference;
import io.jresnet.tensor.Shape;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResNetBuilderTest {

  /** Trainable totals of torchvision.models.resnetXX() (sum of p.numel() over parameters()). */
  @ParameterizedTest
  @CsvSource({
    "resnet18, 11689512, 9600",
    "resnet34, 21797672, 17024",
    "resnet50, 25557032, 53120",
    "resnet101, 44549160, 105344",
    "resnet152, 60192808, 151424"
  })
  void torchvisionModelsHaveTorchvisionsParameterCounts(String name, long trainable, long runningStats) {
    ModelSummary summary = ModelSummary.of(ResNetBuilder.build(Zoo.load(name)));
    assertEquals(trainable, summary.trainableParameters());
    assertEquals(runningStats, summary.nonTrainableParameters());
  }

  @Test
  void resnet50CountsBatchNormRunningStatisticsAsNonTrainable() {
    ModelSummary summary = ModelSummary.of(ResNetBuilder.build(Zoo.load("resnet50")));
    assertEquals(25_610_152, summary.totalParameters());
  }

  @Test
  void kerasNotebookModelHasTheNotebooksParameterCounts() {
    ModelSummary summary = ModelSummary.of(ResNetBuilder.build(Zoo.load("resnet50-keras-64x64-6")));
    assertEquals(23_600_006, summary.totalParameters());
    assertEquals(23_546_886, summary.trainableParameters());
    assertEquals(53_120, summary.nonTrainableParameters());
  }

  /** Counts of a PyTorch rebuild with projection shortcuts (option B), torchvision's BasicBlock. */
  @ParameterizedTest
  @CsvSource({"resnet20, 272474, 1568", "resnet56, 855770, 4256"})
  void cifarModelsMatchAPyTorchRebuild(String name, long trainable, long runningStats) {
    ModelSummary summary = ModelSummary.of(ResNetBuilder.build(Zoo.load(name)));
    assertEquals(trainable, summary.trainableParameters());
    assertEquals(runningStats, summary.nonTrainableParameters());
  }

  @Test
  void resnet50NodesFollowTorchvisionStateDictNames() {
    Graph g = ResNetBuilder.build(Zoo.load("resnet50"));
    List<String> names = g.nodes().stream().map(Node::name).toList();
    assertEquals(
        List.of("conv1", "bn1", "relu", "maxpool", "layer1.0.conv1", "layer1.0.bn1", "layer1.0.relu1",
            "layer1.0.conv2", "layer1.0.bn2", "layer1.0.relu2", "layer1.0.conv3", "layer1.0.bn3",
            "layer1.0.downsample.0", "layer1.0.downsample.1", "layer1.0.add", "layer1.0.relu"),
        names.subList(0, 16));
    assertEquals(
        List.of("layer4.2.add", "layer4.2.relu", "avgpool", "fc"), names.subList(names.size() - 4, names.size()));
    assertEquals("fc", g.output());
    Set<String> downsampled =
        names.stream().filter(n -> n.endsWith(".downsample.0")).collect(Collectors.toSet());
    assertEquals(
        Set.of("layer1.0.downsample.0", "layer2.0.downsample.0", "layer3.0.downsample.0", "layer4.0.downsample.0"),
        downsampled);
    assertEquals(List.of("layer1.0.bn3", "layer1.0.downsample.1"), g.node("layer1.0.add").inputs());
    assertEquals(List.of("layer1.1.bn3", "layer1.0.relu"), g.node("layer1.1.add").inputs());
  }

  @Test
  void torchvisionBottleneckStridesOnThe3x3() {
    Graph g = ResNetBuilder.build(Zoo.load("resnet50"));
    assertArrayEquals(new int[] {1, 1}, g.node("layer2.0.conv1").intsAttr("stride"));
    assertArrayEquals(new int[] {2, 2}, g.node("layer2.0.conv2").intsAttr("stride"));
    assertArrayEquals(new int[] {1, 1, 1, 1}, g.node("layer2.0.conv2").intsAttr("padding"));
    assertArrayEquals(new int[] {2, 2}, g.node("layer2.0.downsample.0").intsAttr("stride"));
    assertArrayEquals(new int[] {1, 1}, g.node("layer2.1.conv2").intsAttr("stride"));
    assertFalse(g.node("layer2.0.conv2").boolAttr("bias", true));
    assertEquals(1e-5, g.node("layer2.0.bn2").doubleAttr("epsilon", 0));
  }

  @Test
  void kerasBottleneckStridesOnTheFirst1x1AndHasBiases() {
    Graph g = ResNetBuilder.build(Zoo.load("resnet50-keras-64x64-6"));
    assertEquals(List.of("conv1_pad", "conv1", "bn1", "relu", "maxpool"),
        g.nodes().subList(0, 5).stream().map(Node::name).toList());
    assertArrayEquals(new int[] {3, 3, 3, 3}, g.node("conv1_pad").intsAttr("padding"));
    assertArrayEquals(new int[] {0, 0, 0, 0}, g.node("conv1").intsAttr("padding"));
    assertArrayEquals(new int[] {0, 0, 0, 0}, g.node("maxpool").intsAttr("padding"));
    assertArrayEquals(new int[] {2, 2}, g.node("layer2.0.conv1").intsAttr("stride"));
    assertArrayEquals(new int[] {1, 1}, g.node("layer2.0.conv2").intsAttr("stride"));
    assertArrayEquals(new int[] {1, 1}, g.node("layer1.0.conv1").intsAttr("stride"));
    assertTrue(g.node("layer3.4.conv3").boolAttr("bias", false));
    assertTrue(g.node("layer3.0.downsample.0").boolAttr("bias", false));
    assertEquals(1e-3, g.node("bn1").doubleAttr("epsilon", 0));
    assertEquals(Ops.AVG_POOL2D, g.node("avgpool").op());
    assertArrayEquals(new int[] {2, 2}, g.node("avgpool").intsAttr("kernel"));
    assertEquals(List.of("fc"), g.node("softmax").inputs());
    assertEquals(List.of("flatten"), g.node("fc").inputs());
    assertEquals("softmax", g.output());
  }

  @Test
  void kerasSameAveragePoolPadsBottomRightAndExcludesPaddingWhenTheMapIsOdd() {
    // 96x96 input leaves a 3x3 map after layer4: 'same' pooling by 2 pads one row and column at the far side.
    Graph g = ResNetBuilder.build(Zoo.load("resnet50-keras-64x64-6").withInput(96, 96, 3));
    Node pool = g.node("avgpool");
    assertArrayEquals(new int[] {0, 1, 0, 1}, pool.intsAttr("padding"));
    assertFalse(pool.boolAttr("count_padding", true));
    Map<String, Shape> shapes = ShapeInference.infer(g, 1);
    assertEquals(Shape.of(1, 3, 3, 2048), shapes.get("layer4.2.relu"));
    assertEquals(Shape.of(1, 2 * 2 * 2048), shapes.get("flatten"));
  }

  @Test
  void cifarModelHasAPoolFreeStemAndProjectionsOnlyWhereTheShapeChanges() {
    Graph g = ResNetBuilder.build(Zoo.load("resnet20"));
    List<String> names = g.nodes().stream().map(Node::name).toList();
    assertFalse(names.contains("maxpool"));
    assertEquals(List.of("relu", "layer1.0.conv1"), names.subList(2, 4));
    assertEquals(
        List.of("layer2.0.downsample.0", "layer3.0.downsample.0"),
        names.stream().filter(n -> n.endsWith("downsample.0")).toList());
    assertArrayEquals(new int[] {3, 3}, g.node("conv1").intsAttr("kernel"));
    assertEquals(16, g.node("conv1").intAttr("filters", 0));
    assertEquals(List.of("layer1.0.bn2", "relu"), g.node("layer1.0.add").inputs());
    Map<String, Shape> shapes = ShapeInference.infer(g, 1);
    assertEquals(Shape.of(1, 8, 8, 64), shapes.get("layer3.2.relu"));
    assertEquals(Shape.of(1, 10), shapes.get("fc"));
  }

  @Test
  void torchvisionModelsAcceptAnyInputSize() {
    Graph g = ResNetBuilder.build(Zoo.load("resnet50").withInput(97, 131, 3));
    Map<String, Shape> shapes = ShapeInference.infer(g, 1);
    assertEquals(Shape.of(1, 4, 5, 2048), shapes.get("layer4.2.relu"));
    assertEquals(Shape.of(1, 1000), shapes.get("fc"));
    assertEquals(25_557_032, ModelSummary.of(g).trainableParameters());
  }

  @Test
  void withClassesResizesTheClassifier() {
    Graph g = ResNetBuilder.build(Zoo.load("resnet18").withClasses(7));
    assertEquals(7, g.node("fc").intAttr("units", 0));
    // fc shrinks from 512x1000 + 1000 to 512x7 + 7; nothing else changes.
    assertEquals(11_689_512 - 513 * 1000 + 513 * 7, ModelSummary.of(g).trainableParameters());
  }

  @Test
  void tooSmallAnInputNamesTheNodeWhereTheWindowNoLongerFits() {
    ModelSpec tiny = Zoo.load("resnet50-keras-64x64-6").withInput(4, 4, 3);
    ShapeException e = assertThrows(ShapeException.class, () -> ResNetBuilder.build(tiny));
    assertEquals("maxpool", e.node());
    assertEquals(
        "node 'maxpool': its input 'relu' 2x2x64 is smaller than its 3x3 window (padding 0 in all); the model input"
            + " 'input' 4x4x3 is too small for this model's strides",
        e.getMessage());
  }
}
