package io.jresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.graph.Graph;
import io.jresnet.models.ResNetBuilder;
import io.jresnet.models.Zoo;
import io.jresnet.nn.Initializer;
import io.jresnet.nn.Model;
import io.jresnet.nn.Parameters;
import io.jresnet.tck.ReferenceBackend;
import io.jresnet.tck.ReferenceBackendProvider;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
  private static FakeBackendsModule referenceBackend() {
    return new FakeBackendsModule().with("reference", ReferenceBackendProvider::new);
  }

  @Test
  void timesWarmUpAndIterationsAndReportsLatencyAndThroughput() {
    CliRun run =
        CliRun.run(
            referenceBackend(),
            "bench", "--model", "resnet20", "--batch", "2", "--size", "12x12", "--iterations", "3", "--warmup", "1",
            "--backend", "reference");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("", run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(3, lines.size(), run::toString);
    assertTrue(
        lines.get(0).startsWith("bench resnet20: batch 2, input 12x12x3 | backend reference (plain Java loops"),
        run::toString);
    assertTrue(lines.get(0).endsWith("SIMD 1 floats, 1 threads) | 1 warm-up + 3 timed iterations"), run::toString);
    assertTrue(lines.get(1).matches("latency ms: median \\d+\\.\\d\\d  min \\d+\\.\\d\\d  max \\d+\\.\\d\\d"),
        run::toString);
    assertTrue(lines.get(2).matches("throughput: \\d+\\.\\d\\d images/s \\(batch 2 at the median latency\\)"),
        run::toString);
  }

  @Test
  void timesTrainingStepsOnGreyInput() {
    CliRun run =
        CliRun.run(
            referenceBackend(),
            "bench", "--model", "resnet20", "--batch", "2", "--size", "8x8", "--channels", "1", "--train",
            "--iterations", "2", "--warmup", "1", "--backend", "reference");
    assertEquals(0, run.exitCode(), run::toString);
    List<String> lines = run.out().lines().toList();
    assertEquals(3, lines.size(), run::toString);
    assertTrue(
        lines.get(0).startsWith("bench resnet20 training steps: batch 2, input 8x8x1 | backend reference"),
        run::toString);
    assertTrue(lines.get(2).matches("throughput: \\d+\\.\\d\\d images/s \\(batch 2 at the median latency\\)"),
        run::toString);
  }

  @Test
  void trainingStepsLowerTheLossOfAFixedBatch() {
    Graph graph = ResNetBuilder.build(Zoo.load("resnet20").withInput(8, 8, 1));
    float[] input = new float[2 * 8 * 8];
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) random.nextGaussian();
    }
    try (ReferenceBackend backend = new ReferenceBackend();
        Parameters parameters = Parameters.allocate(graph, backend, Initializer.heNormal(), 3);
        Model network = Model.bind(graph, backend, parameters);
        Tensor x = backend.fromHost(input, Shape.nhwc(2, 8, 8, 1));
        TrainingBenchStep step = new TrainingBenchStep(network, x, 10, 11)) {
      double first = step.run();
      double last = first;
      for (int i = 0; i < 5; i++) {
        last = step.run();
      }
      assertTrue(last < first, "loss went from " + first + " to " + last);
    }
  }

  @Test
  void autoSaysWhichBackendItChose() {
    CliRun run = CliRun.run(referenceBackend(), "bench", "--model", "resnet20", "--size", "8x8", "--iterations", "1",
        "--warmup", "0");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("auto: using reference (highest priority available)\n", run.err());
  }

  @Test
  void cudaWithoutADriverFailsWithOneLineSayingWhatIsMissing() {
    CliRun run = CliRun.run(referenceBackend().with("cuda", CudaProviders::withoutDriver), "--backend", "cuda",
        "bench", "--model", "resnet20");
    assertEquals(1, run.exitCode(), run::toString);
    assertEquals("resnet: backend 'cuda' is not available: " + CudaProviders.DETAILS + "\n", run.err());
  }

  @Test
  void unknownModelFailsBeforeAnyBackendWork() {
    CliRun run = CliRun.run(referenceBackend(), "bench", "--model", "resnet21");
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().startsWith("resnet: resnet21: "), run::toString);
    assertEquals(1, run.err().lines().count(), run::toString);
  }

  @Test
  void badCountsAreUsageErrors() {
    CliRun batch = CliRun.run(referenceBackend(), "bench", "--model", "resnet20", "--batch", "0");
    assertEquals(2, batch.exitCode(), batch::toString);
    assertTrue(batch.err().startsWith("resnet: Invalid value for option '--batch': must be at least 1, got 0\n"),
        batch::toString);
    CliRun warmup = CliRun.run(referenceBackend(), "bench", "--model", "resnet20", "--warmup", "-1");
    assertEquals(2, warmup.exitCode(), warmup::toString);
    assertTrue(warmup.err().contains("'--warmup': must be at least 0, got -1"), warmup::toString);
    CliRun missing = CliRun.run(referenceBackend(), "bench");
    assertEquals(2, missing.exitCode(), missing::toString);
    assertTrue(missing.err().startsWith("resnet: Missing required option: '--model=MODEL'"), missing::toString);
  }

  @Test
  void latencyStatistics() {
    LatencyStats odd = LatencyStats.ofNanos(new long[] {3_000_000, 1_000_000, 2_000_000});
    assertEquals(new LatencyStats(2.0, 1.0, 3.0, 3), odd);
    LatencyStats even = LatencyStats.ofNanos(new long[] {4_000_000, 1_000_000, 2_000_000, 8_000_000});
    assertEquals(3.0, even.medianMs());
    assertEquals(4 * 1000.0 / 3.0, even.imagesPerSecond(4), 1e-9);
  }
}
