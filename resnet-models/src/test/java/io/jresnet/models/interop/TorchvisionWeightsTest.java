package io.jresnet.models.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.WeightsException;
import io.jresnet.graph.Graph;
import io.jresnet.io.HostTensor;
import io.jresnet.io.SafetensorsFile;
import io.jresnet.io.SafetensorsWriter;
import io.jresnet.models.ModelSpecReader;
import io.jresnet.models.ResNetBuilder;
import io.jresnet.models.Zoo;
import io.jresnet.nn.Initializer;
import io.jresnet.nn.Mode;
import io.jresnet.nn.Model;
import io.jresnet.nn.ParameterSpec;
import io.jresnet.nn.Parameters;
import io.jresnet.tck.ReferenceBackend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchvisionWeightsTest {
  private final ReferenceBackend backend = new ReferenceBackend();

  @TempDir Path dir;

  @AfterEach
  void closeBackend() {
    backend.close();
  }

  private static InputStream resource(String name) {
    InputStream in = TorchvisionWeightsTest.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("missing test resource " + name);
    }
    return in;
  }

  private Path copyResource(String name) {
    try (InputStream in = resource(name)) {
      Path file = dir.resolve(name);
      Files.write(file, in.readAllBytes());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static float[] floats(String name) throws IOException {
    try (InputStream in = resource(name)) {
      ByteBuffer bytes = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
      float[] out = new float[bytes.remaining() / 4];
      bytes.asFloatBuffer().get(out);
      return out;
    }
  }

  private static Graph tinyGraph() {
    return ResNetBuilder.build(
        ModelSpecReader.read(
            new InputStreamReader(resource("tiny-bottleneck.json"), StandardCharsets.UTF_8), "tiny-bottleneck.json"));
  }

  @Test
  void pytorchStateDictRunsToPytorchsOutput() throws IOException {
    // The file is PyTorch's state_dict as it is, int64 num_batches_tracked included (make_fixtures.py).
    Graph graph = tinyGraph();
    float[] input = floats("tiny-bottleneck-input.f32");
    float[] expected = floats("tiny-bottleneck-output.f32");
    try (Parameters parameters = TorchvisionWeights.load(copyResource("tiny-bottleneck.safetensors"), graph, backend);
        Model model = Model.bind(graph, backend, parameters);
        Tensor x = backend.fromHost(input, Shape.nhwc(2, 9, 11, 3));
        Tensor y = model.forward(x, Mode.EVAL)) {
      float[] actual = y.copyToHost();
      double diff = 0;
      double norm = 0;
      for (int i = 0; i < expected.length; i++) {
        diff += (actual[i] - expected[i]) * (double) (actual[i] - expected[i]);
        norm += expected[i] * (double) expected[i];
      }
      assertTrue(Math.sqrt(diff / norm) < 1e-5, "relative error " + Math.sqrt(diff / norm));
    }
  }

  @Test
  void exportWritesTorchvisionLayoutAndImportReadsItBack() {
    Graph graph = ResNetBuilder.build(Zoo.load("resnet20"));
    Path file = dir.resolve("resnet20.safetensors");
    try (Parameters original = Parameters.allocate(graph, backend, Initializer.named("he_normal"), 42)) {
      TorchvisionWeights.save(file, original);
      try (SafetensorsFile saved = SafetensorsFile.open(file)) {
        assertEquals(Shape.of(16, 3, 3, 3), saved.info("conv1.weight").shape());
        assertEquals(Shape.of(32, 16, 1, 1), saved.info("layer2.0.downsample.0.weight").shape());
        assertEquals(Shape.of(10, 64), saved.info("fc.weight").shape());
        assertEquals(Map.of("format", "pt"), saved.metadata());
        assertFalse(saved.names().stream().anyMatch(n -> n.endsWith("num_batches_tracked")));
        assertEquals(original.specs().stream().map(ParameterSpec::name).toList(), saved.names());
        // fc.weight[o][i] in the file is fc.weight[i][o] here.
        float[] ours = original.get("fc.weight").copyToHost();
        float[] theirs = saved.read("fc.weight");
        assertEquals(ours[5 * 10 + 7], theirs[7 * 64 + 5]);
      }
      try (Parameters loaded = TorchvisionWeights.load(file, graph, backend)) {
        for (ParameterSpec spec : original.specs()) {
          assertArrayEquals(original.get(spec.name()).copyToHost(), loaded.get(spec.name()).copyToHost(), spec.name());
        }
      }
    }
  }

  /** The tiny model's state dict in torchvision layout, valued so that every value is distinct. */
  private static Map<String, HostTensor> stateDict(List<ParameterSpec> specs) {
    Map<String, float[]> canonical = new LinkedHashMap<>();
    for (ParameterSpec spec : specs) {
      float[] values = new float[spec.shape().size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = spec.name().hashCode() % 1000 + i;
      }
      canonical.put(spec.name(), values);
    }
    return TorchvisionWeights.toStateDict(canonical, specs);
  }

  private WeightsException loadError(Map<String, HostTensor> tensors) {
    Path file = dir.resolve("broken.safetensors");
    SafetensorsWriter.write(file, tensors);
    return assertThrows(WeightsException.class, () -> TorchvisionWeights.load(file, tinyGraph(), backend));
  }

  @Test
  void missingTensorIsNamedWithItsFileShape() {
    Map<String, HostTensor> tensors = stateDict(Parameters.specs(tinyGraph()));
    tensors.remove("layer2.0.downsample.0.weight");
    WeightsException e = loadError(tensors);
    Path file = dir.resolve("broken.safetensors");
    assertEquals(file.toString(), e.file());
    assertEquals("layer2.0.downsample.0.weight", e.tensor());
    assertEquals(
        file + ", tensor 'layer2.0.downsample.0.weight': the tensors do not match the model's parameters (1 missing,"
            + " 0 unexpected, 0 with the wrong shape): missing: layer2.0.downsample.0.weight [16, 8, 1, 1]",
        e.getMessage());
  }

  @Test
  void extraTensorIsNamed() {
    Map<String, HostTensor> tensors = stateDict(Parameters.specs(tinyGraph()));
    tensors.put("layer3.0.conv1.weight", new HostTensor(Shape.of(1, 1, 1, 1), new float[1]));
    WeightsException e = loadError(tensors);
    assertEquals("layer3.0.conv1.weight", e.tensor());
    assertTrue(e.getMessage().endsWith("(0 missing, 1 unexpected, 0 with the wrong shape): unexpected:"
        + " layer3.0.conv1.weight"), e.getMessage());
  }

  @Test
  void misShapedTensorIsReportedInPytorchLayout() {
    Map<String, HostTensor> tensors = stateDict(Parameters.specs(tinyGraph()));
    // A canonical-layout (HWIO) conv weight where PyTorch's OIHW belongs: same size, wrong shape.
    tensors.put("conv1.weight", new HostTensor(Shape.of(3, 3, 3, 8), new float[216]));
    WeightsException e = loadError(tensors);
    assertEquals("conv1.weight", e.tensor());
    assertTrue(e.getMessage().endsWith("(0 missing, 0 unexpected, 1 with the wrong shape): wrong shape:"
        + " conv1.weight needs [8, 3, 3, 3], got [3, 3, 3, 8]"), e.getMessage());
  }

  @Test
  void severalProblemsAreReportedTogether() {
    Map<String, HostTensor> tensors = stateDict(Parameters.specs(tinyGraph()));
    tensors.remove("fc.bias");
    tensors.put("fc.weight", new HostTensor(Shape.of(4, 16), new float[64]));
    tensors.put("head.weight", new HostTensor(Shape.of(3, 16), new float[48]));
    WeightsException e = loadError(tensors);
    assertNull(e.tensor());
    assertTrue(e.getMessage().endsWith("(1 missing, 1 unexpected, 1 with the wrong shape): missing: fc.bias [3];"
        + " unexpected: head.weight; wrong shape: fc.weight needs [3, 16], got [4, 16]"), e.getMessage());
  }

  @Test
  void missingFileIsNamed() {
    Path file = dir.resolve("absent.safetensors");
    WeightsException e =
        assertThrows(WeightsException.class, () -> TorchvisionWeights.load(file, tinyGraph(), backend));
    assertEquals(file.toString(), e.file());
    assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
  }

  @Test
  void stateDictConversionChecksLikeAFile() {
    List<ParameterSpec> specs = Parameters.specs(tinyGraph());
    Map<String, HostTensor> tensors = stateDict(specs);
    Map<String, float[]> canonical = TorchvisionWeights.fromStateDict(tensors, specs, "in-memory");
    assertEquals(specs.stream().map(ParameterSpec::name).toList(), List.copyOf(canonical.keySet()));
    assertArrayEquals(tensors.get("fc.bias").data(), canonical.get("fc.bias"));
    tensors.remove("fc.bias");
    WeightsException e =
        assertThrows(WeightsException.class, () -> TorchvisionWeights.fromStateDict(tensors, specs, "in-memory"));
    assertTrue(e.getMessage().startsWith("in-memory, tensor 'fc.bias': "), e.getMessage());
  }

  @Test
  void toStateDictNeedsEveryParameter() {
    List<ParameterSpec> specs = Parameters.specs(tinyGraph());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TorchvisionWeights.toStateDict(Map.of(), specs));
    assertEquals("no values for parameter 'conv1.weight'", e.getMessage());
  }
}
