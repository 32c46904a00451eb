package io.jresnet.models.interop.onnx;

import io.jresnet.JresnetException;
import io.jresnet.graph.Graph;
import io.jresnet.io.AtomicFiles;
import io.jresnet.io.HostTensor;
import io.jresnet.nn.ParameterSpec;
import io.jresnet.nn.Parameters;
import io.jresnet.tensor.Shape;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Exports a graph and its weights as a self-contained ONNX model (opset {@value #OPSET_VERSION}, IR version {@value
 * #IR_VERSION}, producer {@code jresnet}) that ONNX Runtime and other ONNX tools run as they are.
 *
 * <p>Layout, as every ONNX user expects: the input {@code input} is {@code [N, C, H, W]} float32 with a symbolic
 * batch {@code N} and the graph's own C, H and W; the output {@code output} is {@code [N, classes]} (probabilities
 * when the graph ends in a softmax, logits otherwise; a graph ending on a feature map gives {@code [N, C, H, W]}).
 * Inside, every feature map is NCHW, so no transposes run except one before a flatten of a map larger than 1×1 (our
 * flatten reads NHWC order).
 *
 * <p>Ops: conv2d → {@code Conv} (weights OIHW; a zero_pad2d read only by convs is folded into their asymmetric
 * {@code pads}, otherwise it becomes {@code Pad}); batch_norm → {@code BatchNormalization} with the node's epsilon
 * and the running statistics (inference form; ONNX Runtime folds it into the conv); relu → {@code Relu}; add →
 * {@code Add}; max_pool2d → {@code MaxPool}; avg_pool2d → {@code AveragePool} with {@code count_include_pad} from
 * {@code count_padding}; global_avg_pool → {@code GlobalAveragePool} + {@code Flatten}; flatten → {@code Flatten};
 * dense → {@code Gemm} with {@code transB=1}; softmax → {@code Softmax} over the channel axis. Pads are written as
 * ONNX orders them, {@code [top, left, bottom, right]}; pooling never uses {@code ceil_mode}, as ours floors.
 *
 * <p>Initializers carry our parameter names (torchvision's {@code state_dict} names, e.g. {@code
 * layer1.0.conv1.weight}) in torchvision's layout (conv {@code OIHW}, dense {@code [out, in]}), so they match the
 * tensors of a torchvision export. Weights are stored inside the file (no external data), which caps a model at
 * protobuf's 2 GiB.
 */
public final class OnnxExporter {
  /** The ONNX operator set the exported model imports (default domain). */
  public static final int OPSET_VERSION = 13;

  /** The ONNX IR version written; ONNX Runtime 1.8 and later read it. */
  public static final int IR_VERSION = 8;

  /** The {@code producer_name} written. */
  public static final String PRODUCER = "jresnet";

  private OnnxExporter() {}

  /**
   * Writes {@code graph} with {@code parameters} to {@code out} as an ONNX model, replacing the file atomically (a
   * failure leaves the previous file).
   *
   * @throws io.jresnet.graph.InvalidNodeException naming the node and op when an op cannot be exported
   * @throws io.jresnet.WeightsException when the parameters do not fit the graph, listing every misfit by name
   * @throws JresnetException naming {@code out} when it cannot be written
   */
  public static void write(Graph graph, Parameters parameters, Path out) {
    Objects.requireNonNull(out, "out");
    ProtoWriter model = encode(graph, parameters);
    try {
      AtomicFiles.write(out, model::writeTo);
    } catch (IOException e) {
      throw new JresnetException(out + ": cannot write: " + describe(e), e);
    }
  }

  private static String describe(IOException e) {
    return switch (e) {
      case NoSuchFileException missing when missing.getReason() != null ->
          missing.getFile() + ": " + missing.getReason();
      case NoSuchFileException missing -> missing.getFile() + ": no such file or directory";
      case AccessDeniedException denied -> denied.getFile() + ": permission denied";
      default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    };
  }

  /**
   * The ONNX model's bytes (a serialized {@code ModelProto}), e.g. for {@code OrtEnvironment.createSession(byte[])}.
   *
   * @throws io.jresnet.graph.InvalidNodeException naming the node and op when an op cannot be exported
   * @throws io.jresnet.WeightsException when the parameters do not fit the graph, listing every misfit by name
   */
  public static byte[] toBytes(Graph graph, Parameters parameters) {
    return encode(graph, parameters).toByteArray();
  }

  /** The version written as {@code producer_version}: the jar's implementation version, if it has one. */
  public static String producerVersion() {
    String version = OnnxExporter.class.getPackage().getImplementationVersion();
    return version == null ? "development build" : version;
  }

  private static ProtoWriter encode(Graph graph, Parameters parameters) {
    Objects.requireNonNull(graph, "graph");
    Objects.requireNonNull(parameters, "parameters");
    OnnxGraphTranslator.requireExportableOps(graph);
    List<ParameterSpec> specs = Parameters.specs(graph);
    Map<String, HostTensor> weights = parameters.toHostTensors();
    Map<String, Shape> provided = new LinkedHashMap<>();
    weights.forEach((name, tensor) -> provided.put(name, tensor.shape()));
    Parameters.checkShapes(specs, provided, null);
    OnnxGraph onnx = OnnxGraphTranslator.translate(graph, specs, weights);
    return OnnxModelEncoder.encode(onnx, IR_VERSION, OPSET_VERSION, PRODUCER, producerVersion());
  }
}
