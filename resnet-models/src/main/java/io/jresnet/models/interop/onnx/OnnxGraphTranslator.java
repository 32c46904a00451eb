package io.jresnet.models.interop.onnx;

import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.Pool2dParams;
import io.jresnet.graph.Graph;
import io.jresnet.graph.InvalidNodeException;
import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.io.HostTensor;
import io.jresnet.models.interop.TorchvisionLayout;
import io.jresnet.nn.AvgPool2dLayer;
import io.jresnet.nn.BatchNormLayer;
import io.jresnet.nn.Conv2dLayer;
import io.jresnet.nn.Layer;
import io.jresnet.nn.Layers;
import io.jresnet.nn.MaxPool2dLayer;
import io.jresnet.nn.ParameterSpec;
import io.jresnet.nn.ShapeInference;
import io.jresnet.nn.ZeroPad2dLayer;
import io.jresnet.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates a checked graph and its canonical weights into ONNX nodes and initializers, NCHW throughout (see
 * {@link OnnxExporter} for the layout rules). Every rank-4 value is NCHW in the ONNX graph; values of other ranks
 * ({@code [N, features]}) keep their layout. One instance translates one graph.
 */
final class OnnxGraphTranslator {
  /** The ONNX graph's output value, unless a node of the graph already has that name. */
  static final String OUTPUT = "output";

  /** The symbolic batch dimension of the graph's input and output. */
  static final String BATCH = "N";

  /** The graph IR's ops this translator handles: all of {@link Ops#ALL} as of this writing. */
  static final List<String> EXPORTABLE_OPS =
      List.of(
          Ops.CONV2D, Ops.BATCH_NORM, Ops.RELU, Ops.ADD, Ops.MAX_POOL2D, Ops.AVG_POOL2D, Ops.GLOBAL_AVG_POOL,
          Ops.ZERO_PAD2D, Ops.FLATTEN, Ops.DENSE, Ops.SOFTMAX);

  private final Graph graph;
  private final Map<String, Shape> shapes;
  private final TorchvisionLayout layout;
  private final Map<String, HostTensor> weights;
  private final Map<String, ZeroPad2dLayer> foldedPads = new HashMap<>();
  private final Set<String> takenNames = new HashSet<>();
  private final List<OnnxNode> nodes = new ArrayList<>();
  private final List<OnnxInitializer> initializers = new ArrayList<>();
  private final String outputValue;

  private OnnxGraphTranslator(Graph graph, List<ParameterSpec> specs, Map<String, HostTensor> weights) {
    this.graph = graph;
    requireExportableOps(graph);
    this.shapes = ShapeInference.infer(graph, 1);
    this.layout = new TorchvisionLayout(specs);
    this.weights = weights;
    takenNames.add(Graph.INPUT);
    graph.nodes().forEach(node -> takenNames.add(node.name()));
    boolean outputNameTaken = takenNames.contains(OUTPUT) && !graph.output().equals(OUTPUT);
    this.outputValue = outputNameTaken ? graph.output() : OUTPUT;
    takenNames.add(outputValue);
    findFoldablePads();
  }

  /**
   * The ONNX graph of {@code graph}.
   *
   * @param specs the graph's parameters ({@code Parameters.specs(graph)})
   * @param weights every parameter in canonical layout, checked against {@code specs}
   * @throws InvalidNodeException naming the node and op when a node's op has no ONNX translation here
   */
  static OnnxGraph translate(Graph graph, List<ParameterSpec> specs, Map<String, HostTensor> weights) {
    return new OnnxGraphTranslator(graph, specs, weights).translate();
  }

  private OnnxGraph translate() {
    for (Node node : graph.nodes()) {
      if (!foldedPads.containsKey(node.name())) {
        emit(node);
      }
    }
    if (graph.output().equals(Graph.INPUT)) {
      nodes.add(OnnxNode.of(fresh("identity"), "Identity", List.of(Graph.INPUT), outputValue));
    }
    Shape input = graph.inputShape();
    List<String> inputDims =
        List.of(BATCH, Integer.toString(input.dim(2)), Integer.toString(input.dim(0)), Integer.toString(input.dim(1)));
    return new OnnxGraph(
        graph.name(),
        nodes,
        initializers,
        new OnnxValueInfo(Graph.INPUT, inputDims),
        new OnnxValueInfo(outputValue, onnxDims(shapes.get(graph.output()))));
  }

  /**
   * A zero_pad2d whose every reader is a conv2d becomes part of those convs' pads, which is exact (both pad with
   * zeros, and ONNX's Conv takes asymmetric pads). Pools are not folded into: a max pool pads with -inf and an
   * average pool may leave padding out of its divisor, so a zero pad before them is not their own padding.
   */
  private void findFoldablePads() {
    for (Node node : graph.nodes()) {
      if (!node.op().equals(Ops.ZERO_PAD2D) || node.name().equals(graph.output())) {
        continue;
      }
      List<Node> readers = graph.nodes().stream().filter(n -> n.inputs().contains(node.name())).toList();
      if (!readers.isEmpty() && readers.stream().allMatch(n -> n.op().equals(Ops.CONV2D))) {
        foldedPads.put(node.name(), new ZeroPad2dLayer(node));
      }
    }
  }

  private void emit(Node node) {
    String name = node.name();
    switch (node.op()) {
      case Ops.CONV2D -> conv(node);
      case Ops.BATCH_NORM -> {
        BatchNormLayer layer = new BatchNormLayer(node);
        requireRank2or4(node, "batch_norm");
        add(name, "BatchNormalization", withParameters(node, layer), OnnxAttribute.of("epsilon", (float) layer.epsilon()));
      }
      case Ops.RELU -> add(name, "Relu", inputs(node));
      case Ops.ADD -> add(name, "Add", inputs(node));
      case Ops.MAX_POOL2D -> {
        Pool2dParams p = new MaxPool2dLayer(node).params();
        add(name, "MaxPool", inputs(node), kernel(p.kernelH(), p.kernelW()), strides(p.strideH(), p.strideW()),
            pads(p.padTop(), p.padLeft(), p.padBottom(), p.padRight()));
      }
      case Ops.AVG_POOL2D -> {
        Pool2dParams p = new AvgPool2dLayer(node).params();
        add(name, "AveragePool", inputs(node), kernel(p.kernelH(), p.kernelW()), strides(p.strideH(), p.strideW()),
            pads(p.padTop(), p.padLeft(), p.padBottom(), p.padRight()),
            OnnxAttribute.of("count_include_pad", p.countPadding() ? 1 : 0));
      }
      case Ops.GLOBAL_AVG_POOL -> {
        // ONNX keeps the pooled 1x1 spatial axes; our op drops them.
        String pooled = fresh(name + "/pooled");
        nodes.add(OnnxNode.of(fresh(name + "/pool"), "GlobalAveragePool", inputs(node), pooled));
        add(name, "Flatten", List.of(pooled), OnnxAttribute.of("axis", 1));
      }
      case Ops.ZERO_PAD2D -> {
        int[] p = new ZeroPad2dLayer(node).padding();
        String padsName = fresh(name + "/pads");
        initializers.add(OnnxInitializer.ofInt64s(padsName, 0, 0, p[0], p[2], 0, 0, p[1], p[3]));
        add(name, "Pad", List.of(value(node.inputs().getFirst()), padsName));
      }
      case Ops.FLATTEN -> flatten(node);
      case Ops.DENSE -> add(name, "Gemm", withParameters(node, Layers.create(node)), OnnxAttribute.of("transB", 1));
      case Ops.SOFTMAX -> {
        int rank = requireRank2or4(node, "softmax");
        // Our softmax runs over the last (channel) axis, which NCHW puts at axis 1.
        add(name, "Softmax", inputs(node), OnnxAttribute.of("axis", rank == 4 ? 1 : rank - 1));
      }
      default -> throw new IllegalStateException("op " + node.op() + " passed the check but has no translation");
    }
  }

  /**
   * Fails on the first node whose op this translator does not know, before anything else looks at the graph (so an
   * op new to the graph IR gets an ONNX-specific message rather than a failure deep inside the translation).
   */
  static void requireExportableOps(Graph graph) {
    for (Node node : graph.nodes()) {
      if (!EXPORTABLE_OPS.contains(node.op())) {
        throw new InvalidNodeException(
            node.name(),
            "op",
            "op '" + node.op() + "' cannot be exported to ONNX; exportable ops: " + String.join(", ", EXPORTABLE_OPS));
      }
    }
  }

  private void conv(Node node) {
    Conv2dLayer layer = new Conv2dLayer(node);
    Conv2dParams p = layer.params();
    String source = node.inputs().getFirst();
    int[] extra = foldedPads.containsKey(source) ? foldedPads.get(source).padding() : new int[4];
    List<String> inputs = withParameters(node, layer);
    add(
        node.name(),
        "Conv",
        inputs,
        kernel(p.kernelH(), p.kernelW()),
        strides(p.strideH(), p.strideW()),
        pads(p.padTop() + extra[0], p.padLeft() + extra[2], p.padBottom() + extra[1], p.padRight() + extra[3]),
        OnnxAttribute.ints("dilations", p.dilationH(), p.dilationW()),
        OnnxAttribute.of("group", p.groups()));
  }

  /** Our flatten runs over NHWC order, so an NCHW feature map with more than one position is transposed first. */
  private void flatten(Node node) {
    Shape x = shapes.get(node.inputs().getFirst());
    String source = value(node.inputs().getFirst());
    if (x.rank() == 4 && x.dim(1) * x.dim(2) > 1) {
      String nhwc = fresh(node.name() + "/nhwc");
      nodes.add(
          OnnxNode.of(fresh(node.name() + "/transpose"), "Transpose", List.of(source), nhwc,
              OnnxAttribute.ints("perm", 0, 2, 3, 1)));
      source = nhwc;
    }
    add(node.name(), "Flatten", List.of(source), OnnxAttribute.of("axis", 1));
  }

  private int requireRank2or4(Node node, String what) {
    int rank = shapes.get(node.inputs().getFirst()).rank();
    if (rank != 2 && rank != 4) {
      throw new InvalidNodeException(
          node.name(), "op", what + " over a rank-" + rank + " tensor has no NCHW equivalent in ONNX");
    }
    return rank;
  }

  /** The node's data inputs, then its parameters in the layer's order (which is the ONNX operator's order). */
  private List<String> withParameters(Node node, Layer layer) {
    List<String> out = new ArrayList<>(inputs(node));
    List<Shape> inputShapes = node.inputs().stream().map(shapes::get).toList();
    for (ParameterSpec spec : layer.parameters(inputShapes)) {
      out.add(initializer(spec.name()));
    }
    return out;
  }

  /** Adds parameter {@code name} as an initializer in torchvision's layout (OIHW convs, {@code [out, in]} dense). */
  private String initializer(String name) {
    float[] data = layout.toFile(name, weights.get(name).data());
    long[] dims = Arrays.stream(layout.fileShape(name).toArray()).asLongStream().toArray();
    initializers.add(OnnxInitializer.ofFloats(name, dims, data));
    return name;
  }

  private List<String> inputs(Node node) {
    return node.inputs().stream().map(this::value).toList();
  }

  /** The ONNX value that holds what our node {@code name} computes; folded pads stand for their own input. */
  private String value(String name) {
    if (foldedPads.containsKey(name)) {
      return value(graph.node(name).inputs().getFirst());
    }
    return name.equals(graph.output()) ? outputValue : name;
  }

  private void add(String name, String opType, List<String> inputs, OnnxAttribute... attributes) {
    nodes.add(OnnxNode.of(name, opType, inputs, value(name), attributes));
  }

  /** {@code name}, or {@code name} with a number appended when a node or value already has it. */
  private String fresh(String name) {
    String candidate = name;
    for (int i = 2; !takenNames.add(candidate); i++) {
      candidate = name + "_" + i;
    }
    return candidate;
  }

  private List<String> onnxDims(Shape nhwc) {
    List<String> dims = new ArrayList<>();
    dims.add(BATCH);
    if (nhwc.rank() == 4) {
      dims.addAll(List.of(Integer.toString(nhwc.dim(3)), Integer.toString(nhwc.dim(1)), Integer.toString(nhwc.dim(2))));
    } else {
      for (int i = 1; i < nhwc.rank(); i++) {
        dims.add(Integer.toString(nhwc.dim(i)));
      }
    }
    return dims;
  }

  private static OnnxAttribute kernel(int h, int w) {
    return OnnxAttribute.ints("kernel_shape", h, w);
  }

  private static OnnxAttribute strides(int h, int w) {
    return OnnxAttribute.ints("strides", h, w);
  }

  /** ONNX orders pads as all begins, then all ends: {@code [top, left, bottom, right]}. */
  private static OnnxAttribute pads(int top, int left, int bottom, int right) {
    return OnnxAttribute.ints("pads", top, left, bottom, right);
  }
}
