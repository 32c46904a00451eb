package io.jresnet.bench;

import io.jresnet.graph.Graph;
import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.models.ResNetBuilder;
import io.jresnet.models.Zoo;
import io.jresnet.nn.Conv2dLayer;
import io.jresnet.nn.ShapeInference;
import io.jresnet.tensor.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The distinct convolutions of a model graph, read off the graph with its inferred shapes. */
public final class ModelConvs {
  private ModelConvs() {}

  /** The distinct conv shapes of zoo model {@code model} at batch {@code batch}, in graph order. */
  public static List<ModelConv> ofZooModel(String model, int batch) {
    return of(ResNetBuilder.build(Zoo.load(model)), batch);
  }

  /**
   * The distinct conv shapes of {@code graph} at batch {@code batch}, in the order of their first node, each named
   * after that node and counted over all nodes of the same shape.
   */
  public static List<ModelConv> of(Graph graph, int batch) {
    Map<String, Shape> shapes = ShapeInference.infer(graph, batch);
    // Shapes compare as records: renamed to one name, two nodes with the same geometry become equal keys.
    Map<ConvShape, ConvShape> firstByKey = new LinkedHashMap<>();
    Map<ConvShape, Integer> counts = new LinkedHashMap<>();
    for (Node node : graph.nodes()) {
      if (!node.op().equals(Ops.CONV2D)) {
        continue;
      }
      Conv2dLayer layer = new Conv2dLayer(node);
      Shape in = shapes.get(node.inputs().getFirst());
      ConvShape shape =
          new ConvShape(node.name(), in.dim(0), in.dim(1), in.dim(2), in.dim(3), layer.filters(), layer.params());
      ConvShape key = shape.withName("conv");
      firstByKey.putIfAbsent(key, shape);
      counts.merge(key, 1, Integer::sum);
    }
    List<ModelConv> out = new ArrayList<>();
    firstByKey.forEach((key, shape) -> out.add(new ModelConv(shape, counts.get(key))));
    return List.copyOf(out);
  }

  /** Those of {@code convs} in one of {@code families}, in their order. */
  public static List<ModelConv> inFamilies(List<ModelConv> convs, ConvFamily... families) {
    List<ConvFamily> wanted = List.of(families);
    return convs.stream().filter(c -> wanted.contains(c.shape().family())).toList();
  }
}
