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
  private final ZeroPadFolding folding;
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
    this.folding = new ZeroPadFolding(graph);
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
      if (!folding.isFolded(node.name())) {
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

  private void emit(Node node) {
    String name = node.name();
    switch (node.op()) {
      case Ops.CONV2D -> conv(node);
      case Ops.BATCH_NORM -> {
        BatchNormLayer layer = new BatchNormLayer(node);
        requireRank2or4(node, "batch_norm");
        OnnxAttribute epsilon = OnnxAttribute.of("epsilon", (float) layer.epsilon());
        add(name, "BatchNormalization", withParameters(node, layer), epsilon);
      }
      case Ops.RELU -> add(name, "Relu", inputs(node));
      case Ops.ADD -> add(name, "Add", inputs(node));
      case Ops.MAX_POOL2D -> maxPool(node);
      case Ops.AVG_POOL2D -> avgPool(node);
      case Ops.GLOBAL_AVG_POOL -> {
        // ONNX keeps the pooled 1x1 spatial axes; our op drops them.
        String pooled = fresh(name + "/pooled");
        nodes.add(OnnxNode.of(fresh(name + "/pool"), "GlobalAveragePool", inputs(node), pooled));
        add(name, "Flatten", List.of(pooled), OnnxAttribute.of("axis", 1));
      }
      case Ops.ZERO_PAD2D -> {
        int[] p = sum(new ZeroPad2dLayer(node).padding(), folding.padding(node.inputs().getFirst()));
        nodes.add(OnnxNode.of(name, "Pad", List.of(value(node.inputs().getFirst()), padsTensor(name, p)), value(name)));
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
    int[] extra = folding.padding(source);
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

  /**
   * ONNX Runtime's optimizer (PadFusion, as of 1.29) merges a zero {@code Pad} into a following MaxPool's pads, which
   * turns zero padding into -inf padding; it leaves a MaxPool alone that has its optional {@code Indices} output, so
   * a max pool that reads a zero pad declares one (unused).
   */
  private void maxPool(Node node) {
    Pool2dParams p = new MaxPool2dLayer(node).params();
    List<String> outputs = new ArrayList<>(List.of(value(node.name())));
    String input = node.inputs().getFirst();
    if (!input.equals(Graph.INPUT) && graph.node(input).op().equals(Ops.ZERO_PAD2D)) {
      outputs.add(fresh(node.name() + "/indices"));
    }
    nodes.add(
        new OnnxNode(
            node.name(),
            "MaxPool",
            inputs(node),
            outputs,
            List.of(
                kernel(p.kernelH(), p.kernelW()),
                strides(p.strideH(), p.strideW()),
                pads(p.padTop(), p.padLeft(), p.padBottom(), p.padRight()))));
  }

  /**
   * An average pool. Without a zero pad before it, ONNX's {@code count_include_pad} is our {@code count_padding}.
   * With one (folded), the pad's zeros count in our divisor but the pool's own padding counts only when {@code
   * count_padding}: so the pool runs over both paddings counting them all, which is exact when {@code
   * count_padding} holds or the pool has no padding of its own (every window then lies inside the zero-padded
   * input), and is otherwise rescaled by a constant {@code [1, 1, OH, OW]} tensor of {@code window area / cells
   * inside the zero-padded input}. ONNX wants pads smaller than the window; where both paddings together are not,
   * they become a {@code Pad} before a pool with {@code auto_pad=VALID} (no padding), which ONNX Runtime's PadFusion
   * leaves alone (it would otherwise merge the Pad back into the pool's pads).
   */
  private void avgPool(Node node) {
    Pool2dParams p = new AvgPool2dLayer(node).params();
    String input = node.inputs().getFirst();
    int[] own = {p.padTop(), p.padBottom(), p.padLeft(), p.padRight()};
    int[] extra = folding.padding(input);
    boolean folded = !ZeroPadFolding.isZero(extra);
    boolean rescale = folded && !ZeroPadFolding.isZero(own) && !p.countPadding();
    String pooled = rescale ? fresh(node.name() + "/pooled") : value(node.name());
    int[] both = sum(own, extra);
    List<OnnxAttribute> attributes =
        new ArrayList<>(List.of(kernel(p.kernelH(), p.kernelW()), strides(p.strideH(), p.strideW())));
    String source = value(input);
    if (Math.max(both[0], both[1]) >= p.kernelH() || Math.max(both[2], both[3]) >= p.kernelW()) {
      String padded = fresh(node.name() + "/padded");
      List<String> padInputs = List.of(source, padsTensor(node.name(), both));
      nodes.add(OnnxNode.of(fresh(node.name() + "/pad"), "Pad", padInputs, padded));
      source = padded;
      attributes.add(OnnxAttribute.of("auto_pad", "VALID"));
    } else {
      attributes.add(pads(both[0], both[2], both[1], both[3]));
      attributes.add(OnnxAttribute.of("count_include_pad", folded || p.countPadding() ? 1 : 0));
    }
    nodes.add(new OnnxNode(node.name(), "AveragePool", List.of(source), List.of(pooled), attributes));
    if (rescale) {
      Shape padded = shapes.get(input);
      Shape y = shapes.get(node.name());
      String factors = fresh(node.name() + "/divisor_correction");
      initializers.add(
          OnnxInitializer.ofFloats(
              factors, new long[] {1, 1, y.dim(1), y.dim(2)}, divisorCorrection(p, padded.dim(1), padded.dim(2))));
      nodes.add(OnnxNode.of(fresh(node.name() + "/rescale"), "Mul", List.of(pooled, factors), value(node.name())));
    }
  }

  /** An int64 initializer of {@code Pad}'s pads for NCHW: zeros for N and C, begins then ends. */
  private String padsTensor(String node, int[] padding) {
    String name = fresh(node + "/pads");
    initializers.add(
        OnnxInitializer.ofInt64s(name, 0, 0, padding[0], padding[2], 0, 0, padding[1], padding[3]));
    return name;
  }

  private static int[] sum(int[] a, int[] b) {
    return new int[] {a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]};
  }

  /** {@code kh·kw / cells of the window inside [0, height) x [0, width)} for every output position, row-major. */
  private static float[] divisorCorrection(Pool2dParams p, int height, int width) {
    int outH = p.outputH(height);
    int outW = p.outputW(width);
    float[] out = new float[outH * outW];
    for (int oy = 0; oy < outH; oy++) {
      int rows = inside(oy * p.strideH() - p.padTop(), p.kernelH(), height);
      for (int ox = 0; ox < outW; ox++) {
        int columns = inside(ox * p.strideW() - p.padLeft(), p.kernelW(), width);
        out[oy * outW + ox] = (float) (p.kernelH() * p.kernelW()) / (rows * columns);
      }
    }
    return out;
  }

  private static int inside(int start, int length, int extent) {
    return Math.min(start + length, extent) - Math.max(start, 0);
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
    String source = folding.source(name);
    return source.equals(graph.output()) ? outputValue : source;
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
