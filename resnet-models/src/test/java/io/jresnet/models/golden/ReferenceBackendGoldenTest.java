package io.jresnet.models.golden;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.tck.ReferenceBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Whole zoo models on the plain-loop reference backend against torchvision, on the small golden cases. */
class ReferenceBackendGoldenTest {
  /** Cases up to this many input pixels (N·H·W) run here; larger ones would take the reference loops too long. */
  private static final long MAX_PIXELS = 2 * 64 * 64;

  @TempDir static Path weights;
  private static ReferenceBackend backend;
  private static GoldenRunner runner;

  @BeforeAll
  static void open() {
    backend = new ReferenceBackend();
    runner = new GoldenRunner(backend, weights);
  }

  @AfterAll
  static void close() {
    runner.close();
    backend.close();
  }

  static Stream<GoldenCase> smallCases() {
    return GoldenFixtures.cases().stream()
        .filter(c -> (long) c.batch() * c.height() * c.width() <= MAX_PIXELS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("smallCases")
  void matchesTorchvision(GoldenCase c) {
    runner.check(c);
  }

  /**
   * The cases can fail: one batch-norm variance of the first block off by 1 % (as a wrong epsilon or a mixed-up
   * statistic would be) moves the output well past the tolerance.
   */
  @Test
  void aOnePercentErrorInOneBatchNormIsCaught() throws IOException {
    GoldenCase c = smallCases().filter(k -> k.model().equals("resnet18")).findFirst().orElseThrow();
    List<TorchTensor> tensors = new ArrayList<>();
    for (TorchTensor t : GoldenWeights.torchvisionTensors(GoldenRunner.graph(c))) {
      if (t.name().equals("layer1.0.bn2.running_var")) {
        float[] values = t.values().clone();
        for (int i = 0; i < values.length; i++) {
          values[i] *= 1.01f;
        }
        t = new TorchTensor(t.name(), t.shape(), values);
      }
      tensors.add(t);
    }
    Path perturbed = GoldenWeights.write(tensors, weights.resolve("perturbed.safetensors"));
    double error = runner.relativeError(c, perturbed);
    System.out.printf("golden %-34s with layer1.0.bn2.running_var * 1.01: %.2e%n", c, error);
    assertTrue(error > 10 * GoldenRunner.TOLERANCE, "the perturbed weights still pass: relative error " + error);
  }
}
