package io.jresnet.models.interop.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.jresnet.JresnetException;
import io.jresnet.WeightsException;
import io.jresnet.cpu.CpuBackend;
import io.jresnet.cpu.CpuComputePool;
import io.jresnet.graph.Graph;
import io.jresnet.graph.InvalidNodeException;
import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.nn.Initializer;
import io.jresnet.nn.Parameters;
import io.jresnet.nn.ShapeInference;
import io.jresnet.tensor.Shape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every op and attribute the graph IR has, the boundary the ONNX model shows, and how the exporter fails. */
class OnnxExporterTest {
  private static CpuBackend backend;

  @TempDir Path dir;

  @BeforeAll
  static void open() {
    backend = new CpuBackend(new CpuComputePool(1));
  }

  @AfterAll
  static void close() {
    backend.close();
  }

  private static Node node(String name, String op, Map<String, Object> attributes, String... inputs) {
    return new Node(name, op, attributes, inputs);
  }

  /**
   * A graph with what the zoo does not use: a zero pad before a max pool (so it stays a Pad, which ONNX Runtime must
   * not merge into the pool), asymmetric max-pool padding, a conv with a rectangular kernel, dilation, groups, bias
   * and asymmetric padding, a zero pad folded into a padded conv and one into a 1x1 conv (pads as large as the
   * kernel), zero pads folded into padded average pools with and without padding in the divisor (the latter
   * rescaled), with and without room for both paddings in the window, and into an unpadded pool, a softmax over a
   * feature map's channels, a flatten of a 3x3 map, a dense without bias, a batch norm over features, and a softmax
   * over them.
   */
  static Graph everyOp() {
    List<Node> nodes =
        List.of(
            node("pad0", Ops.ZERO_PAD2D, Map.of("padding", List.of(1, 0, 2, 1)), Graph.INPUT),
            node("pool0", Ops.MAX_POOL2D,
                Map.of("kernel", 3, "stride", 2, "padding", List.of(1, 1, 0, 1)), "pad0"),
            node("conv1", Ops.CONV2D,
                Map.of("filters", 8, "kernel", List.of(3, 2), "stride", List.of(1, 2), "padding", List.of(1, 2, 0, 1),
                    "dilation", List.of(2, 1), "groups", 2, "bias", true),
                "pool0"),
            node("bn1", Ops.BATCH_NORM, Map.of("epsilon", 1e-3), "conv1"),
            node("relu1", Ops.RELU, Map.of(), "bn1"),
            node("pad2", Ops.ZERO_PAD2D, Map.of("padding", List.of(0, 1, 1, 0)), "relu1"),
            node("conv2", Ops.CONV2D, Map.of("filters", 8, "kernel", 3, "padding", List.of(1, 0, 0, 1)), "pad2"),
            node("sum", Ops.ADD, Map.of(), "conv2", "relu1"),
            node("pad3", Ops.ZERO_PAD2D, Map.of("padding", List.of(1, 0, 0, 1)), "sum"),
            node("avg_counting", Ops.AVG_POOL2D,
                Map.of("kernel", List.of(2, 3), "stride", List.of(2, 1), "padding", List.of(1, 0, 0, 1)), "pad3"),
            node("pad4", Ops.ZERO_PAD2D, Map.of("padding", List.of(0, 1, 1, 0)), "avg_counting"),
            node("avg_not_counting", Ops.AVG_POOL2D,
                Map.of("kernel", 2, "stride", 1, "padding", List.of(0, 1, 1, 0), "count_padding", false), "pad4"),
            node("pad5", Ops.ZERO_PAD2D, Map.of("padding", List.of(1, 1, 0, 1)), "avg_not_counting"),
            node("avg_unpadded", Ops.AVG_POOL2D, Map.of("kernel", 2, "count_padding", false), "pad5"),
            node("pad6", Ops.ZERO_PAD2D, Map.of("padding", List.of(1, 0, 0, 0)), "avg_unpadded"),
            node("avg_rescaled", Ops.AVG_POOL2D,
                Map.of("kernel", 3, "stride", 1, "padding", List.of(0, 1, 1, 1), "count_padding", false), "pad6"),
            node("pad7", Ops.ZERO_PAD2D, Map.of("padding", 1), "avg_rescaled"),
            node("pointwise", Ops.CONV2D, Map.of("filters", 8, "kernel", 1, "stride", 2), "pad7"),
            node("channels", Ops.SOFTMAX, Map.of(), "pointwise"),
            node("flat", Ops.FLATTEN, Map.of(), "channels"),
            node("fc", Ops.DENSE, Map.of("units", 5, "bias", false), "flat"),
            node("bn2", Ops.BATCH_NORM, Map.of(), "fc"),
            node("probabilities", Ops.SOFTMAX, Map.of(), "bn2"));
    return new Graph("every-op", Shape.of(9, 11, 4), nodes, "probabilities");
  }

  @Test
  void everyOpAgreesWithTheCpuBackend() throws OrtException {
    Graph graph = everyOp();
    assertEquals(Shape.nhwc(1, 3, 3, 8), ShapeInference.infer(graph, 1).get("channels"), "a 3x3 map to flatten");
    OrtRoundTrip.Outputs outputs = OrtRoundTrip.run(graph, backend, 3, 7);
    assertEquals(Shape.of(3, 5), outputs.ort().shape());
    assertTrue(outputs.maxRelativeError() <= 1e-5, () -> "max relative error " + outputs.maxRelativeError());
    Outputs logits = logits(graph);
    assertTrue(logits.error() <= 1e-5, () -> "logits: max relative error " + logits.error());
  }

  private record Outputs(double error) {}

  /** The same graph up to the batch norm before the final softmax, whose input is not saturated. */
  private static Outputs logits(Graph graph) throws OrtException {
    Graph cut = new Graph(graph.name(), graph.inputShape(), graph.nodes().subList(0, graph.nodes().size() - 1), "bn2");
    return new Outputs(OrtRoundTrip.run(cut, backend, 3, 7).maxRelativeError());
  }

  @Test
  void aGraphEndingOnAFeatureMapGivesItInNchw() throws OrtException {
    Graph graph = everyOp();
    Graph cut = new Graph(graph.name(), graph.inputShape(), graph.nodes().subList(0, 8), "sum");
    OrtRoundTrip.Outputs outputs = OrtRoundTrip.run(cut, backend, 2, 3);
    assertEquals(Shape.nhwc(2, 4, 4, 8), outputs.ort().shape());
    assertTrue(outputs.maxRelativeError() <= 1e-5, () -> "max relative error " + outputs.maxRelativeError());
  }

  /**
   * A max pool straight on the input, a node already named {@code output} (so the ONNX output keeps the graph
   * output's own name), and a graph that returns its input (an Identity).
   */
  @Test
  void edgeCasesOfTheBoundary() throws OrtException {
    List<Node> nodes =
        List.of(
            node("output", Ops.MAX_POOL2D, Map.of("kernel", 2, "padding", List.of(1, 0, 1, 0)), Graph.INPUT),
            node("final", Ops.RELU, Map.of(), "output"));
    Graph renamed = new Graph("edges", Shape.of(5, 5, 2), nodes, "final");
    try (Parameters none = Parameters.fromHost(List.of(), backend, Map.of());
        OrtSession session =
            OrtEnvironment.getEnvironment().createSession(OnnxExporter.toBytes(renamed, none))) {
      assertEquals(List.of("final"), List.copyOf(session.getOutputNames()));
    }
    OrtRoundTrip.Outputs pooled = OrtRoundTrip.run(renamed, backend, 2, 1);
    assertEquals(Shape.nhwc(2, 3, 3, 2), pooled.ort().shape());
    assertEquals(0.0, pooled.maxRelativeError());
    Graph identity = new Graph("identity", Shape.of(3, 4, 2), List.of(), Graph.INPUT);
    OrtRoundTrip.Outputs same = OrtRoundTrip.run(identity, backend, 1, 1);
    assertArrayEquals(same.ours().data(), same.ort().data());
  }

  @Test
  void theModelShowsNchwInputAndClassOutputWithASymbolicBatch() throws OrtException {
    Graph graph = OnnxExporterRoundTripTest.zooGraph("resnet20", 28, 28, 1);
    byte[] onnx;
    try (Parameters parameters = Parameters.allocate(graph, backend, Initializer.named("he_normal"), 1)) {
      onnx = OnnxExporter.toBytes(graph, parameters);
    }
    try (OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx)) {
      NodeInfo input = session.getInputInfo().get("input");
      NodeInfo output = session.getOutputInfo().get("output");
      assertArrayEquals(new long[] {-1, 1, 28, 28}, ((TensorInfo) input.getInfo()).getShape());
      assertArrayEquals(new String[] {"N", "", "", ""}, ((TensorInfo) input.getInfo()).getDimensionNames());
      assertArrayEquals(new long[] {-1, 10}, ((TensorInfo) output.getInfo()).getShape());
      assertEquals("jresnet", session.getMetadata().getProducerName());
    }
    String text = new String(onnx, StandardCharsets.ISO_8859_1);
    for (String name : List.of("conv1.weight", "bn1.running_var", "layer2.0.downsample.0.weight", "fc.bias")) {
      assertTrue(text.contains(name), () -> "initializer " + name + " named as in torchvision");
    }
  }

  @Test
  void anOpWithoutAnOnnxTranslationIsNamedWithItsNode() {
    Graph graph =
        new Graph(
            "odd", Shape.of(4, 4, 3), List.of(node("act", "gelu", Map.of(), Graph.INPUT)), "act");
    try (Parameters none = Parameters.fromHost(List.of(), backend, Map.of())) {
      InvalidNodeException e = assertThrows(InvalidNodeException.class, () -> OnnxExporter.toBytes(graph, none));
      assertEquals(
          "node 'act': op 'gelu' cannot be exported to ONNX; exportable ops: " + String.join(", ", Ops.ALL),
          e.getMessage());
      assertEquals("act", e.node());
    }
  }

  @Test
  void parametersOfAnotherModelAreRejectedByName() {
    Graph graph = OnnxExporterRoundTripTest.zooGraph("resnet20", 16, 16, 3);
    Graph other = OnnxExporterRoundTripTest.zooGraph("resnet20", 16, 16, 1);
    try (Parameters parameters = Parameters.allocate(other, backend, Initializer.named("he_normal"), 1)) {
      WeightsException e = assertThrows(WeightsException.class, () -> OnnxExporter.toBytes(graph, parameters));
      assertTrue(e.getMessage().contains("conv1.weight"), e::getMessage);
    }
  }

  @Test
  void writeReplacesTheFileAtomicallyAndLeavesItOnFailure() throws IOException, OrtException {
    Graph graph = OnnxExporterRoundTripTest.zooGraph("resnet20", 16, 16, 3);
    Path file = Files.writeString(dir.resolve("model.onnx"), "previous");
    try (Parameters parameters = Parameters.allocate(graph, backend, Initializer.named("he_normal"), 2)) {
      OnnxExporter.write(graph, parameters, file);
      assertArrayEquals(OnnxExporter.toBytes(graph, parameters), Files.readAllBytes(file));
      Graph odd = new Graph("odd", Shape.of(16, 16, 3), List.of(node("act", "gelu", Map.of(), Graph.INPUT)), "act");
      byte[] written = Files.readAllBytes(file);
      assertThrows(InvalidNodeException.class, () -> OnnxExporter.write(odd, parameters, file));
      assertArrayEquals(written, Files.readAllBytes(file), "a failed export leaves the previous file");
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
    }
    try (OrtSession session = OrtEnvironment.getEnvironment().createSession(file.toString())) {
      assertEquals(List.of("output"), List.copyOf(session.getOutputNames()));
    }
  }

  @Test
  void aMissingDirectoryIsNamed() {
    Graph graph = OnnxExporterRoundTripTest.zooGraph("resnet20", 16, 16, 3);
    Path file = dir.resolve("missing").resolve("model.onnx");
    try (Parameters parameters = Parameters.allocate(graph, backend, Initializer.named("he_normal"), 2)) {
      JresnetException e = assertThrows(JresnetException.class, () -> OnnxExporter.write(graph, parameters, file));
      assertEquals(
          file + ": cannot write: " + dir.resolve("missing") + ": directory does not exist", e.getMessage());
    }
  }
}
