package io.jresnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.jresnet.graph.Graph;
import io.jresnet.graph.GraphJson;
import io.jresnet.io.HostTensor;
import io.jresnet.io.Npy;
import io.jresnet.models.Zoo;
import io.jresnet.models.interop.TorchvisionWeights;
import io.jresnet.nn.Initializer;
import io.jresnet.nn.ParameterSpec;
import io.jresnet.nn.Parameters;
import io.jresnet.tck.ReferenceBackendProvider;
import io.jresnet.tensor.Shape;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
  private static final String SUPPORTED = "supported formats: safetensors, json, onnx";

  /** resnet20's parameter tensors: weights, biases and batch-norm vectors, as torchvision's state_dict has them. */
  private static int resnet20Tensors() {
    return Parameters.specs(TestModels.graph("resnet20", 32, 32)).size();
  }

  @TempDir Path dir;

  private static CliRun export(String... args) {
    List<String> all = new ArrayList<>(List.of("--backend", "reference", "export"));
    all.addAll(List.of(args));
    return CliRun.run(
        new FakeBackendsModule().with("reference", ReferenceBackendProvider::new), all.toArray(String[]::new));
  }

  /** What the model's own initializer draws from {@code seed}, by parameter name in canonical layout. */
  private static void assertFreshWeights(Path file, Graph graph, long seed) {
    Initializer initializer = Initializer.named(Zoo.load("resnet20").init().jsonName());
    List<ParameterSpec> specs = Parameters.specs(graph);
    Map<String, float[]> read = TorchvisionWeights.read(file, specs);
    assertEquals(specs.size(), read.size());
    for (ParameterSpec spec : specs) {
      assertArrayEquals(initializer.values(spec, seed), read.get(spec.name()), spec.name());
    }
  }

  @Test
  void safetensorsHoldTheModelsInitializerDrawnFromTheSeed() {
    Path file = dir.resolve("r20.safetensors");
    CliRun run = export("--model", "resnet20", "--seed", "5", "--format", "safetensors", "-o", file.toString());
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("", run.err());
    assertTrue(
        run.out().matches(
            "export resnet20: \\S+r20\\.safetensors \\(" + resnet20Tensors()
                + " tensors, 1\\.\\d MB; he_normal initialisation, seed 5\\)\\n"),
        run::toString);
    assertFreshWeights(file, TestModels.graph("resnet20", 32, 32), 5);
  }

  @Test
  void theSeedMakesTheOutputDeterministicAndDefaultsToAFixedOne() throws IOException {
    Path first = dir.resolve("a.safetensors");
    Path again = dir.resolve("b.safetensors");
    Path otherSeed = dir.resolve("c.safetensors");
    assertEquals(0, export("--model", "resnet20", "--format", "safetensors", "-o", first.toString()).exitCode());
    assertEquals(0, export("--model", "resnet20", "--format", "safetensors", "-o", again.toString()).exitCode());
    assertEquals(
        0, export("--model", "resnet20", "--format", "safetensors", "--seed", "6", "-o", otherSeed.toString())
            .exitCode());
    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(again));
    assertFreshWeights(first, TestModels.graph("resnet20", 32, 32), ExportCommand.DEFAULT_SEED);
    byte[] otherBytes = Files.readAllBytes(otherSeed);
    assertEquals(Files.size(first), otherBytes.length);
    assertFalse(Arrays.equals(Files.readAllBytes(first), otherBytes));
  }

  @Test
  void reExportedWeightsReadBackIdentically() {
    Graph graph = TestModels.graph("resnet20", 32, 32);
    Map<String, float[]> canonical = TestModels.randomWeights(graph, 3);
    Path source = TestModels.writeTorchvision(dir.resolve("in.safetensors"), graph, canonical);
    Path file = dir.resolve("out.safetensors");
    CliRun run =
        export("--model", "resnet20", "--weights", source.toString(), "--format", "SafeTensors", "-o", file.toString());
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(
        run.out().matches(
            "export resnet20: \\S+out\\.safetensors \\(" + resnet20Tensors()
                + " tensors, 1\\.\\d MB; weights from \\S+in\\.safetensors\\)\\n"),
        run::toString);
    Map<String, float[]> read = TorchvisionWeights.read(file, Parameters.specs(graph));
    assertEquals(canonical.keySet(), read.keySet());
    canonical.forEach((name, values) -> assertArrayEquals(values, read.get(name), name));
  }

  @Test
  void graphJsonReadsBackToTheSameGraphAtTheGivenSize() {
    Path file = dir.resolve("r20.json");
    CliRun run = export("--model", "resnet20", "--size", "12x16", "--format", "json", "-o", file.toString());
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("", run.err());
    Graph expected = TestModels.graph("resnet20", 12, 16);
    assertTrue(
        run.out().matches(
            "export resnet20: \\S+r20\\.json \\(graph of " + expected.nodes().size() + " nodes, \\d+\\.\\d kB\\)\\n"),
        run::toString);
    assertEquals(expected, GraphJson.read(file));
  }

  /** The README's way to try {@code infer} without downloading weights, on the real CPU backend. */
  @Test
  void exportedKerasWeightsRunWithInfer() {
    Path weights = dir.resolve("keras6.safetensors");
    CliRun export =
        CliRun.run(
            new CliModule(),
            "export", "--model", "resnet50-keras-64x64-6", "--format", "safetensors", "-o", weights.toString(),
            "--backend", "cpu");
    assertEquals(0, export.exitCode(), export::toString);
    assertTrue(
        export.out().matches(
            "export resnet50-keras-64x64-6: \\S+keras6\\.safetensors \\(320 tensors, 94\\.\\d MB; glorot_uniform"
                + " initialisation, seed 20151210\\)\\n"),
        export::toString);
    Path input = dir.resolve("x.npy");
    Path output = dir.resolve("y.npy");
    Npy.write(input, TestModels.randomInput(Shape.nhwc(1, 64, 64, 3), 2));
    CliRun infer =
        CliRun.run(
            new CliModule(),
            "infer", "--model", "resnet50-keras-64x64-6", "--weights", weights.toString(), "--input", input.toString(),
            "--output", output.toString(), "--backend", "cpu");
    assertEquals(0, infer.exitCode(), infer::toString);
    HostTensor y = Npy.read(output);
    assertEquals(Shape.of(1, 6), y.shape());
    double sum = 0;
    for (float p : y.data()) {
      sum += p;
    }
    assertEquals(1.0, sum, 1e-5, "softmax head");
  }

  /**
   * Re-exported weights (with non-trivial batch-norm statistics) as ONNX: ONNX Runtime loads the file and, on the
   * same input in NCHW, agrees with the reference backend: {@code max |ort - ours| / max |ours|} at most 1e-4.
   */
  @Test
  void onnxLoadsInOnnxRuntimeAndAgreesWithTheReferenceBackend() throws OrtException {
    Graph graph = TestModels.graph("resnet20", 16, 16);
    Map<String, float[]> canonical = TestModels.randomWeights(graph, 4);
    Path source = TestModels.writeTorchvision(dir.resolve("in.safetensors"), graph, canonical);
    Path file = dir.resolve("r20.onnx");
    CliRun run =
        export("--model", "resnet20", "--size", "16x16", "--weights", source.toString(), "--format", "onnx", "-o",
            file.toString());
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("", run.err());
    assertTrue(
        run.out().matches(
            "export resnet20: \\S+r20\\.onnx \\(ONNX opset 13, graph of " + graph.nodes().size() + " nodes, "
                + resnet20Tensors() + " tensors, 1\\.\\d MB; weights from \\S+in\\.safetensors\\)\\n"),
        run::toString);
    HostTensor x = TestModels.randomInput(Shape.nhwc(2, 16, 16, 3), 5);
    HostTensor expected = TestModels.referenceForward(graph, canonical, x);
    float[] actual = onnxRuntime(file, x);
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < actual.length; i++) {
      diff = Math.max(diff, Math.abs(actual[i] - expected.data()[i]));
      scale = Math.max(scale, Math.abs(expected.data()[i]));
    }
    assertEquals(expected.data().length, actual.length);
    double error = diff / scale;
    assertTrue(error <= 1e-4, () -> "max relative error " + error);
  }

  /** ONNX Runtime's output for the NHWC input {@code x}, given to the model in NCHW. */
  private static float[] onnxRuntime(Path model, HostTensor x) throws OrtException {
    Shape s = x.shape();
    float[] nchw = new float[x.data().length];
    for (int n = 0; n < s.dim(0); n++) {
      for (int h = 0; h < s.dim(1); h++) {
        for (int w = 0; w < s.dim(2); w++) {
          for (int c = 0; c < s.dim(3); c++) {
            nchw[((n * s.dim(3) + c) * s.dim(1) + h) * s.dim(2) + w] =
                x.data()[((n * s.dim(1) + h) * s.dim(2) + w) * s.dim(3) + c];
          }
        }
      }
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] shape = {s.dim(0), s.dim(3), s.dim(1), s.dim(2)};
    try (OrtSession session = env.createSession(model.toString());
        OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(nchw), shape);
        OrtSession.Result result = session.run(Map.of("input", input))) {
      OnnxTensor output = (OnnxTensor) result.get("output").orElseThrow();
      assertArrayEquals(new long[] {s.dim(0), 10}, output.getInfo().getShape());
      FloatBuffer values = output.getFloatBuffer();
      float[] out = new float[values.remaining()];
      values.get(out);
      return out;
    }
  }

  @Test
  void onnxFromTheSeedIsDeterministic() throws IOException {
    Path first = dir.resolve("a.onnx");
    Path again = dir.resolve("b.onnx");
    CliRun run = export("--model", "resnet20", "--seed", "5", "--format", "onnx", "-o", first.toString());
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(
        run.out().endsWith(" MB; he_normal initialisation, seed 5)\n"), run::toString);
    assertEquals(0, export("--model", "resnet20", "--seed", "5", "--format", "onnx", "-o", again.toString()).exitCode());
    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(again));
  }

  @Test
  void unknownFormatIsAUsageErrorListingTheSupportedOnes() {
    CliRun run = export("--model", "resnet20", "--format", "xml", "-o", dir.resolve("r20.xml").toString());
    assertEquals(2, run.exitCode(), run::toString);
    assertEquals(
        "resnet: Invalid value for option '--format': unknown format 'xml'; " + SUPPORTED,
        run.err().lines().findFirst().orElseThrow());
  }

  @Test
  void helpAndCompletionOfferEveryFormat() {
    List<String> candidates = new ArrayList<>();
    new ExportFormat.Candidates().forEach(candidates::add);
    assertEquals(List.of("safetensors", "json", "onnx"), candidates);
    CliRun help = export("--help");
    assertEquals(0, help.exitCode(), help::toString);
    assertTrue(help.out().contains("What to write: safetensors, json, onnx."), help::toString);
  }

  @Test
  void missingWeightsFile() {
    Path missing = dir.resolve("none.safetensors");
    Path file = dir.resolve("out.safetensors");
    CliRun run =
        export(
            "--model", "resnet20", "--weights", missing.toString(), "--format", "safetensors", "-o", file.toString());
    assertEquals(1, run.exitCode(), run::toString);
    assertEquals("resnet: " + missing + ": file not found\n", run.err());
    assertFalse(Files.exists(file));
  }

  @Test
  void weightsOfAnotherModelAreRejectedInOneLine() {
    Graph other = TestModels.graph("resnet56", 32, 32);
    Path wrong =
        TestModels.writeTorchvision(dir.resolve("r56.safetensors"), other, TestModels.randomWeights(other, 1));
    Path file = dir.resolve("out.safetensors");
    CliRun run =
        export("--model", "resnet20", "--weights", wrong.toString(), "--format", "safetensors", "-o", file.toString());
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().startsWith("resnet: " + wrong + ": the tensors do not match"), run::toString);
    assertEquals(1, run.err().lines().count(), run::toString);
    assertFalse(Files.exists(file));
  }

  @Test
  void unknownModel() {
    CliRun run = export("--model", "resnet19", "--format", "json", "-o", dir.resolve("g.json").toString());
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().startsWith("resnet: resnet19: "), run::toString);
    assertEquals(1, run.err().lines().count(), run::toString);
  }

  @Test
  void unwritableOutputFailsBeforeAnyWork() throws IOException {
    Path noDirectory = dir.resolve("missing");
    for (String format : List.of("safetensors", "json", "onnx")) {
      Path file = noDirectory.resolve("out." + format);
      CliRun run = export("--model", "resnet20", "--format", format, "-o", file.toString());
      assertEquals(1, run.exitCode(), run::toString);
      assertEquals(
          "resnet: " + file + ": cannot write: directory " + noDirectory + " does not exist\n", run.err());
    }
    Path plainFile = Files.writeString(dir.resolve("plain"), "x");
    Path underFile = plainFile.resolve("g.json");
    CliRun notDirectory = export("--model", "resnet20", "--format", "json", "-o", underFile.toString());
    assertEquals(1, notDirectory.exitCode(), notDirectory::toString);
    assertEquals(
        "resnet: " + underFile + ": cannot write: " + plainFile + " is not a directory\n", notDirectory.err());
    CliRun isDirectory = export("--model", "resnet20", "--format", "json", "-o", dir.toString());
    assertEquals(1, isDirectory.exitCode(), isDirectory::toString);
    assertEquals("resnet: " + dir + ": cannot write: it is a directory\n", isDirectory.err());
  }

  @Test
  void weightOptionsDoNotApplyToTheGraph() {
    Path file = dir.resolve("g.json");
    CliRun weights =
        export("--model", "resnet20", "--weights", "w.safetensors", "--format", "json", "-o", file.toString());
    assertEquals(2, weights.exitCode(), weights::toString);
    assertEquals(
        "resnet: --weights applies to --format safetensors and onnx only (a graph holds no weights)",
        weights.err().lines().findFirst().orElseThrow());
    CliRun seed = export("--model", "resnet20", "--seed", "1", "--format", "json", "-o", file.toString());
    assertEquals(2, seed.exitCode(), seed::toString);
    assertTrue(
        seed.err().startsWith("resnet: --seed applies to --format safetensors and onnx only"), seed::toString);
    CliRun both =
        export("--model", "resnet20", "--weights", "w.safetensors", "--seed", "1", "--format", "safetensors", "-o",
            dir.resolve("w2.safetensors").toString());
    assertEquals(2, both.exitCode(), both::toString);
    assertEquals(
        "resnet: --seed draws fresh weights, so it cannot be combined with --weights",
        both.err().lines().findFirst().orElseThrow());
    assertFalse(Files.exists(file));
  }

  @Test
  void requiredOptionsAreUsageErrors() {
    CliRun run = export("--model", "resnet20");
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.err().startsWith("resnet: Missing required options: "), run::toString);
    assertTrue(run.err().contains("'--format=FORMAT'"), run::toString);
    assertTrue(run.err().contains("'--output=FILE'"), run::toString);
  }
}
