package io.jresnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.graph.Graph;
import io.jresnet.io.HostTensor;
import io.jresnet.io.Npy;
import io.jresnet.tck.ReferenceBackendProvider;
import io.jresnet.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InferCommandTest {
  @TempDir Path dir;

  private Path weights;
  private Path input;
  private Path output;
  private Map<String, float[]> canonical;

  @BeforeEach
  void writeModelAndInput() {
    // Weights do not depend on the input size for resnet20 (global pooling): any H and W run with them.
    Graph graph = TestModels.graph("resnet20", 32, 32);
    canonical = TestModels.randomWeights(graph, 7);
    weights = TestModels.writeTorchvision(dir.resolve("resnet20.safetensors"), graph, canonical);
    input = dir.resolve("x.npy");
    output = dir.resolve("y.npy");
    Npy.write(input, TestModels.randomInput(Shape.nhwc(2, 13, 10, 3), 11));
  }

  private static CliRun infer(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "--backend";
    all[1] = "reference";
    all[2] = "infer";
    System.arraycopy(args, 0, all, 3, args.length);
    return CliRun.run(new FakeBackendsModule().with("reference", ReferenceBackendProvider::new), all);
  }

  private CliRun infer(Path x, Path w) {
    return infer(
        "--model", "resnet20", "--weights", w.toString(), "--input", x.toString(), "--output", output.toString());
  }

  @Test
  void writesTheModelOutputAtTheInputsOwnSize() {
    CliRun run = infer(input, weights);
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("", run.err());
    assertTrue(
        run.out().matches(
            "infer resnet20: \\S+x\\.npy \\[2, 13, 10, 3\\] -> \\S+y\\.npy \\[2, 10\\] in \\d+\\.\\d ms"
                + " \\(reference, 1 threads\\)\\n"),
        run::toString);
    HostTensor expected =
        TestModels.referenceForward(TestModels.graph("resnet20", 13, 10), canonical, Npy.read(input));
    HostTensor actual = Npy.read(output);
    assertEquals(Shape.of(2, 10), actual.shape());
    assertArrayEquals(expected.data(), actual.data());
  }

  @Test
  void theCpuBackendAgreesWithTheReferenceWithinTheAccuracyContract() {
    CliRun run =
        CliRun.run(
            new CliModule(),
            "infer", "--model", "resnet20", "--weights", weights.toString(), "--input", input.toString(), "--output",
            output.toString(), "--backend", "cpu", "--threads", "2");
    assertEquals(0, run.exitCode(), run::toString);
    float[] expected =
        TestModels.referenceForward(TestModels.graph("resnet20", 13, 10), canonical, Npy.read(input)).data();
    float[] actual = Npy.read(output).data();
    double difference = 0;
    double norm = 0;
    for (int i = 0; i < expected.length; i++) {
      difference += Math.pow(actual[i] - expected[i], 2);
      norm += Math.pow(expected[i], 2);
    }
    double relative = Math.sqrt(difference / norm);
    assertTrue(relative < 1e-4, () -> "relative error " + relative);
  }

  @Test
  void missingInputFile() {
    CliRun run = infer(dir.resolve("nope.npy"), weights);
    assertEquals(1, run.exitCode(), run::toString);
    assertEquals("resnet: " + dir.resolve("nope.npy") + ": file not found\n", run.err());
    assertFalse(Files.exists(output));
  }

  @Test
  void inputMustBeNhwcWithTheModelsChannels() {
    Path flat = dir.resolve("flat.npy");
    Npy.write(flat, TestModels.randomInput(Shape.of(2, 30), 1));
    CliRun rank = infer(flat, weights);
    assertEquals(1, rank.exitCode(), rank::toString);
    assertEquals(
        "resnet: " + flat + ": expected a float32 NHWC array [N, H, W, 3], got shape [2, 30]\n", rank.err());

    Path nchw = dir.resolve("nchw.npy");
    Npy.write(nchw, TestModels.randomInput(Shape.of(1, 3, 16, 16), 1));
    CliRun channels = infer(nchw, weights);
    assertEquals(1, channels.exitCode(), channels::toString);
    assertEquals(
        "resnet: " + nchw + ": has 16 channels (last axis of [1, 3, 16, 16]) but resnet20 takes 3; the layout is"
            + " NHWC [N, H, W, C]\n",
        channels.err());
  }

  @Test
  void weightsOfAnotherModelAreListed() {
    Graph other = TestModels.graph("resnet56", 32, 32);
    Path wrong =
        TestModels.writeTorchvision(dir.resolve("r56.safetensors"), other, TestModels.randomWeights(other, 1));
    CliRun run = infer(input, wrong);
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(
        run.err().startsWith(
            "resnet: " + wrong + ": the tensors do not match the model's parameters (0 missing, 216 unexpected,"
                + " 0 with the wrong shape): unexpected: layer1.3.conv1.weight, "),
        run::toString);
    assertEquals(1, run.err().lines().count(), run::toString);
  }

  @Test
  void missingOrCorruptWeightsFile() {
    CliRun missing = infer(input, dir.resolve("none.safetensors"));
    assertEquals(1, missing.exitCode(), missing::toString);
    assertEquals("resnet: " + dir.resolve("none.safetensors") + ": file not found\n", missing.err());

    CliRun notWeights = infer(input, input);
    assertEquals(1, notWeights.exitCode(), notWeights::toString);
    assertTrue(notWeights.err().startsWith("resnet: " + input + ": "), notWeights::toString);
    assertEquals(1, notWeights.err().lines().count(), notWeights::toString);
  }

  @Test
  void requiredOptionsAreUsageErrors() {
    CliRun run = infer("--model", "resnet20", "--input", input.toString());
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.err().startsWith("resnet: Missing required options: "), run::toString);
    assertTrue(run.err().contains("'--weights=W.safetensors'"), run::toString);
    assertTrue(run.err().contains("'--output=y.npy'"), run::toString);
  }

  @Test
  void unknownModel() {
    CliRun run =
        infer("--model", "resnet19", "--weights", weights.toString(), "--input", input.toString(), "--output",
            output.toString());
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().startsWith("resnet: resnet19: "), run::toString);
  }
}
