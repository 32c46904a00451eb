package io.jresnet.nn;

import io.jresnet.graph.Graph;
import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.tck.ReferenceBackend;
import io.jresnet.tensor.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whole-graph gradients on the reference backend against float64 finite differences ({@link GradientCheck}). */
class GraphGradientTest {
  private final ReferenceBackend backend = new ReferenceBackend();

  /**
   * Zero padding, a biased conv, batch-norm (training), ReLU, a padded max pool, a grouped and a dilated conv, an
   * identity shortcut and its add, an average pool excluding padding, flatten and dense: trained on the logits.
   */
  @Test
  void everyOpGraphOnItsLogits() {
    Graph graph = ExampleGraphs.everyOp(3).withoutFinalSoftmax();
    GradientCheck.check(backend, graph, Shape.nhwc(2, 9, 9, 3), 100);
  }

  /** A batch-norm output read by a ReLU and by the add: its gradient is the sum of both; global pooling. */
  @Test
  void fanOutOfABatchNormAtBatchThree() {
    GradientCheck.check(backend, ExampleGraphs.sharedBatchNorm(), Shape.nhwc(3, 7, 6, 4), 200);
  }

  /**
   * A downsampling basic block on an odd input: 3x3 stride 2 convs on the main path, a 1x1 stride 2 conv with its
   * batch-norm on the shortcut (torchvision's {@code downsample}), then global pooling and dense.
   */
  @Test
  void projectionShortcutWithStrideTwoOnOddSizes() {
    GradientCheck.check(backend, projectionBlock(), Shape.nhwc(2, 11, 9, 3), 300);
  }

  static Graph projectionBlock() {
    List<Node> n =
        List.of(
            new Node("conv1", Ops.CONV2D, Map.of("filters", 4, "kernel", 3, "stride", 2, "padding", 1), Graph.INPUT),
            new Node("bn1", Ops.BATCH_NORM, Map.of("momentum", 0.3), "conv1"),
            new Node("relu1", Ops.RELU, Map.of(), "bn1"),
            new Node("conv2", Ops.CONV2D, Map.of("filters", 4, "kernel", 3, "padding", 1), "relu1"),
            new Node("bn2", Ops.BATCH_NORM, Map.of(), "conv2"),
            new Node("downsample.0", Ops.CONV2D, Map.of("filters", 4, "kernel", 1, "stride", 2), Graph.INPUT),
            new Node("downsample.1", Ops.BATCH_NORM, Map.of(), "downsample.0"),
            new Node("add", Ops.ADD, Map.of(), "bn2", "downsample.1"),
            new Node("relu2", Ops.RELU, Map.of(), "add"),
            new Node("pool", Ops.GLOBAL_AVG_POOL, Map.of(), "relu2"),
            new Node("fc", Ops.DENSE, Map.of("units", 3), "pool"));
    return new Graph("projection-block", Shape.of(11, 9, 3), n, "fc");
  }
}
