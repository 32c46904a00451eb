package io.jresnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
  private static final String SUPPORTED = "supported formats: safetensors, json";

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

  @Test
  void onnxIsAUsageErrorThatSaysWhenItArrives() {
    CliRun run = export("--model", "resnet20", "--format", "onnx", "-o", dir.resolve("r20.onnx").toString());
    assertEquals(2, run.exitCode(), run::toString);
    assertEquals(
        "resnet: Invalid value for option '--format': ONNX export is not supported yet (it arrives with the"
            + " CPU-speed release); " + SUPPORTED,
        run.err().lines().findFirst().orElseThrow());
    assertFalse(Files.exists(dir.resolve("r20.onnx")));
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
  void helpAndCompletionOfferOnlyWritableFormats() {
    List<String> candidates = new ArrayList<>();
    new ExportFormat.Candidates().forEach(candidates::add);
    assertEquals(List.of("safetensors", "json"), candidates);
    CliRun help = export("--help");
    assertEquals(0, help.exitCode(), help::toString);
    assertTrue(help.out().contains("What to write: safetensors, json."), help::toString);
    assertFalse(help.out().toLowerCase(Locale.ROOT).contains("onnx"), help::toString);
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
    for (String format : List.of("safetensors", "json")) {
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
        "resnet: --weights applies to --format safetensors only (a graph holds no weights)",
        weights.err().lines().findFirst().orElseThrow());
    CliRun seed = export("--model", "resnet20", "--seed", "1", "--format", "json", "-o", file.toString());
    assertEquals(2, seed.exitCode(), seed::toString);
    assertTrue(seed.err().startsWith("resnet: --seed applies to --format safetensors only"), seed::toString);
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
