package io.jresnet.nn;

import io.jresnet.graph.Graph;
import io.jresnet.graph.InvalidNodeException;
import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import java.util.ArrayList;
import java.util.List;

/** The registry from graph ops to layers: one {@link Layer} class per op of {@link Ops#ALL}. */
public final class Layers {
  private Layers() {}

  /**
   * The layer for {@code node}, its attributes validated.
   *
   * @throws InvalidNodeException for an unknown op (listing the known ones), a wrong input count, or a missing,
   *     unknown or mistyped attribute (naming node and attribute)
   */
  public static Layer create(Node node) {
    Ops.validate(node);
    return switch (node.op()) {
      case Ops.CONV2D -> new Conv2dLayer(node);
      case Ops.BATCH_NORM -> new BatchNormLayer(node);
      case Ops.RELU -> new ReluLayer(node);
      case Ops.ADD -> new AddLayer(node);
      case Ops.MAX_POOL2D -> new MaxPool2dLayer(node);
      case Ops.AVG_POOL2D -> new AvgPool2dLayer(node);
      case Ops.GLOBAL_AVG_POOL -> new GlobalAvgPoolLayer(node);
      case Ops.ZERO_PAD2D -> new ZeroPad2dLayer(node);
      case Ops.FLATTEN -> new FlattenLayer(node);
      case Ops.DENSE -> new DenseLayer(node);
      case Ops.SOFTMAX -> new SoftmaxLayer(node);
      default -> throw new IllegalStateException("op " + node.op() + " is in Ops but has no layer");
    };
  }

  /** One layer per node of {@code graph}, in the graph's (topological) order. */
  public static List<Layer> createAll(Graph graph) {
    List<Layer> layers = new ArrayList<>(graph.nodes().size());
    for (Node node : graph.nodes()) {
      layers.add(create(node));
    }
    return List.copyOf(layers);
  }
}
