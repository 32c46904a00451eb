package io.jresnet.models.interop.onnx;

/**
 * Encodes an {@link OnnxGraph} as an ONNX {@code ModelProto} (field numbers from onnx/onnx.proto). Repeated scalar
 * fields that onnx.proto declares unpacked ({@code dims}, {@code ints}) are written unpacked, as ONNX's own tools
 * write them; weights go to {@code raw_data} (little-endian floats), int64 operands to packed {@code int64_data}.
 */
final class OnnxModelEncoder {
  /** ModelProto. */
  private static final int MODEL_IR_VERSION = 1;
  private static final int MODEL_PRODUCER_NAME = 2;
  private static final int MODEL_PRODUCER_VERSION = 3;
  private static final int MODEL_GRAPH = 7;
  private static final int MODEL_OPSET_IMPORT = 8;

  /** OperatorSetIdProto. */
  private static final int OPSET_VERSION = 2;

  /** GraphProto. */
  private static final int GRAPH_NODE = 1;
  private static final int GRAPH_NAME = 2;
  private static final int GRAPH_INITIALIZER = 5;
  private static final int GRAPH_INPUT = 11;
  private static final int GRAPH_OUTPUT = 12;

  /** NodeProto. */
  private static final int NODE_INPUT = 1;
  private static final int NODE_OUTPUT = 2;
  private static final int NODE_NAME = 3;
  private static final int NODE_OP_TYPE = 4;
  private static final int NODE_ATTRIBUTE = 5;

  /** AttributeProto and its AttributeType values. */
  private static final int ATTRIBUTE_NAME = 1;
  private static final int ATTRIBUTE_F = 2;
  private static final int ATTRIBUTE_I = 3;
  private static final int ATTRIBUTE_INTS = 8;
  private static final int ATTRIBUTE_TYPE = 20;
  private static final int TYPE_FLOAT = 1;
  private static final int TYPE_INT = 2;
  private static final int TYPE_INTS = 7;

  /** TensorProto. */
  private static final int TENSOR_DIMS = 1;
  private static final int TENSOR_DATA_TYPE = 2;
  private static final int TENSOR_INT64_DATA = 7;
  private static final int TENSOR_NAME = 8;
  private static final int TENSOR_RAW_DATA = 9;

  /** ValueInfoProto, TypeProto, TypeProto.Tensor, TensorShapeProto and its Dimension. */
  private static final int VALUE_INFO_NAME = 1;
  private static final int VALUE_INFO_TYPE = 2;
  private static final int TYPE_TENSOR_TYPE = 1;
  private static final int TENSOR_TYPE_ELEM_TYPE = 1;
  private static final int TENSOR_TYPE_SHAPE = 2;
  private static final int SHAPE_DIM = 1;
  private static final int DIM_VALUE = 1;
  private static final int DIM_PARAM = 2;

  private OnnxModelEncoder() {}

  /**
   * The ModelProto: IR version, one opset import of the default domain, producer name and version, then the graph.
   */
  static ProtoWriter encode(OnnxGraph graph, long irVersion, long opsetVersion, String producer, String version) {
    ProtoWriter model = new ProtoWriter();
    model.int64(MODEL_IR_VERSION, irVersion);
    model.string(MODEL_PRODUCER_NAME, producer);
    model.string(MODEL_PRODUCER_VERSION, version);
    ProtoWriter opset = new ProtoWriter();
    opset.int64(OPSET_VERSION, opsetVersion);
    model.message(MODEL_OPSET_IMPORT, opset);
    model.message(MODEL_GRAPH, graph(graph));
    return model;
  }

  static ProtoWriter graph(OnnxGraph graph) {
    ProtoWriter out = new ProtoWriter();
    for (OnnxNode node : graph.nodes()) {
      out.message(GRAPH_NODE, node(node));
    }
    out.string(GRAPH_NAME, graph.name());
    for (OnnxInitializer tensor : graph.initializers()) {
      out.message(GRAPH_INITIALIZER, tensor(tensor));
    }
    out.message(GRAPH_INPUT, valueInfo(graph.input()));
    out.message(GRAPH_OUTPUT, valueInfo(graph.output()));
    return out;
  }

  static ProtoWriter node(OnnxNode node) {
    ProtoWriter out = new ProtoWriter();
    node.inputs().forEach(input -> out.string(NODE_INPUT, input));
    node.outputs().forEach(output -> out.string(NODE_OUTPUT, output));
    out.string(NODE_NAME, node.name());
    out.string(NODE_OP_TYPE, node.opType());
    for (OnnxAttribute attribute : node.attributes()) {
      out.message(NODE_ATTRIBUTE, attribute(attribute));
    }
    return out;
  }

  static ProtoWriter attribute(OnnxAttribute attribute) {
    ProtoWriter out = new ProtoWriter();
    out.string(ATTRIBUTE_NAME, attribute.name());
    switch (attribute) {
      case OnnxAttribute.Int i -> {
        out.int64(ATTRIBUTE_TYPE, TYPE_INT);
        out.int64(ATTRIBUTE_I, i.value());
      }
      case OnnxAttribute.Ints ints -> {
        out.int64(ATTRIBUTE_TYPE, TYPE_INTS);
        for (long v : ints.values()) {
          out.int64(ATTRIBUTE_INTS, v);
        }
      }
      case OnnxAttribute.Float32 f -> {
        out.int64(ATTRIBUTE_TYPE, TYPE_FLOAT);
        out.float32(ATTRIBUTE_F, f.value());
      }
    }
    return out;
  }

  static ProtoWriter tensor(OnnxInitializer tensor) {
    ProtoWriter out = new ProtoWriter();
    for (long dim : tensor.dims()) {
      out.int64(TENSOR_DIMS, dim);
    }
    out.int64(TENSOR_DATA_TYPE, tensor.dataType());
    out.string(TENSOR_NAME, tensor.name());
    if (tensor.floats() != null) {
      out.littleEndianFloats(TENSOR_RAW_DATA, tensor.floats());
    } else {
      out.packedInt64s(TENSOR_INT64_DATA, tensor.int64s());
    }
    return out;
  }

  static ProtoWriter valueInfo(OnnxValueInfo value) {
    ProtoWriter shape = new ProtoWriter();
    for (String dim : value.dims()) {
      ProtoWriter dimension = new ProtoWriter();
      if (OnnxValueInfo.isFixed(dim)) {
        dimension.int64(DIM_VALUE, Long.parseLong(dim));
      } else {
        dimension.string(DIM_PARAM, dim);
      }
      shape.message(SHAPE_DIM, dimension);
    }
    ProtoWriter tensorType = new ProtoWriter();
    tensorType.int64(TENSOR_TYPE_ELEM_TYPE, OnnxInitializer.FLOAT);
    tensorType.message(TENSOR_TYPE_SHAPE, shape);
    ProtoWriter type = new ProtoWriter();
    type.message(TYPE_TENSOR_TYPE, tensorType);
    ProtoWriter out = new ProtoWriter();
    out.string(VALUE_INFO_NAME, value.name());
    out.message(VALUE_INFO_TYPE, type);
    return out;
  }
}
