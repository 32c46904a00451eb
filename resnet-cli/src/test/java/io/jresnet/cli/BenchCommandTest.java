package io.jresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.bench.VectorWidth;
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
  void timesWarmUpAndIterationsAndReportsLatencyThroughputComputeAndAllocation() {
    CliRun run =
        CliRun.run(
            referenceBackend(),
            "bench", "--model", "resnet20", "--batch", "2", "--size", "12x12", "--iterations", "3", "--warmup", "1",
            "--backend", "reference");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("", run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(5, lines.size(), run::toString);
    assertTrue(
        lines.get(0).startsWith("bench resnet20: batch 2, input 12x12x3 | backend reference (plain Java loops"),
        run::toString);
    assertTrue(lines.get(0).endsWith("SIMD 1 floats, 1 threads) | 1 warm-up + 3 timed iterations"), run::toString);
    assertTrue(lines.get(1).matches("latency ms: median \\d+\\.\\d\\d  min \\d+\\.\\d\\d  max \\d+\\.\\d\\d"),
        run::toString);
    assertTrue(lines.get(2).matches("throughput: \\d+\\.\\d\\d images/s \\(batch 2 at the median latency\\)"),
        run::toString);
    assertTrue(
        lines.get(3).matches(
            "compute: \\d+\\.\\d GFLOPS at the median \\(2 FLOPs per multiply-add\\); \\d+\\.\\d% of this CPU's"
                + " FMA peak, \\d+\\.\\d GFLOPS \\((512|256)-bit, 1 threads\\)"),
        run::toString);
    assertTrue(lines.get(4).matches("allocated: \\d+(\\.\\d)? (B|KiB|MiB) per iteration \\(heap, all threads, timed"
        + " iterations\\)"), run::toString);
  }

  @Test
  void timesTrainingStepsOnGreyInput() {
    CliRun run =
        CliRun.run(
            referenceBackend(),
            "bench", "--model", "resnet20", "--batch", "2", "--size", "8x8", "--channels", "1", "--train",
            "--iterations", "2", "--warmup", "1", "--backend", "reference", "--no-fma-peak");
    assertEquals(0, run.exitCode(), run::toString);
    List<String> lines = run.out().lines().toList();
    assertEquals(5, lines.size(), run::toString);
    assertTrue(
        lines.get(0).startsWith("bench resnet20 training steps: batch 2, input 8x8x1 | backend reference"),
        run::toString);
    assertTrue(lines.get(2).matches("throughput: \\d+\\.\\d\\d images/s \\(batch 2 at the median latency\\)"),
        run::toString);
    assertTrue(lines.get(3).matches("compute: \\d+\\.\\d GFLOPS at the median \\(a training step counted as 3x the"
        + " forward's FLOPs\\)"), run::toString);
  }

  @Test
  void computeFiguresAgainstAKnownPeak() {
    ComputeFigures figures = new ComputeFigures(2e9, 10, 400, VectorWidth.BITS_512, 2, 3 << 20);
    assertEquals(200, figures.gflops(), 1e-9);
    assertEquals(
        "compute: 200.0 GFLOPS at the median (2 FLOPs per multiply-add); 50.0% of this CPU's FMA peak, 400.0 GFLOPS"
            + " (512-bit, 2 threads)",
        figures.computeLine("2 FLOPs per multiply-add"));
    assertEquals("allocated: 3.0 MiB per iteration (heap, all threads, timed iterations)", figures.allocationLine());
    assertEquals("allocated: unknown (this JVM does not count allocated bytes per thread)",
        new ComputeFigures(1, 1, 0, null, 1, -1).allocationLine());
    assertEquals("512 B", ComputeFigures.bytes(512));
    assertEquals("2.0 KiB", ComputeFigures.bytes(2048));
  }

  @Test
  void againstOnnxRuntimeRunsTheSideBySideOnTheCpuBackend() {
    CliRun run =
        CliRun.run(
            referenceBackend(),
            "--threads", "1", "bench", "--model", "resnet20", "--size", "8x8", "--batch", "2", "--iterations", "1",
            "--warmup", "0", "--against", "onnxruntime", "--no-memory");
    assertEquals(0, run.exitCode(), run::toString);
    String out = run.out();
    assertTrue(out.startsWith("# jresnet vs ONNX Runtime: resnet20 8x8x3, float32, 1 threads\n"), run::toString);
    assertTrue(out.matches("(?s).*\\n\\|     2 \\| .*\\| yes   \\| .*"), run::toString);
    assertTrue(out.contains("## allocation on the hot path: JFR"), run::toString);
  }

  @Test
  void helpDocumentsTheComparisonAndPrintsNoWarning() {
    CliRun run = CliRun.run(referenceBackend(), "bench", "--help");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("", run.err());
    String help = run.out().replaceAll("\\s+", " ");
    assertTrue(help.contains("GFLOPS and % of this CPU's FMA peak"), help);
    assertTrue(help.contains("--against=RUNTIME Compare with another runtime side by side: onnxruntime"), help);
    assertTrue(help.contains("--[no-]memory"), help);
  }

  @Test
  void againstRejectsWhatItCannotCompare() {
    String[][] cases = {
      {"--against", "tensorflow"}, {"--against", "onnxruntime", "--train"},
      {"--against", "onnxruntime", "--size", "16x20"}, {"--csv", "x.csv"},
      {"--against", "onnxruntime", "--backend", "reference"}
    };
    String[] messages = {
      "resnet: --against supports only 'onnxruntime', got 'tensorflow'\n",
      "resnet: --against compares inference; drop --train (tools/bench/train-throughput.sh compares training with"
          + " PyTorch)\n",
      "resnet: --against needs a square --size, got 16x20\n",
      "resnet: --csv needs --against onnxruntime\n",
      "resnet: --against compares jresnet's CPU backend with ONNX Runtime on the CPU; use --backend cpu, got"
          + " 'reference'\n"
    };
    for (int i = 0; i < cases.length; i++) {
      String[] args = new String[cases[i].length + 3];
      args[0] = "bench";
      args[1] = "--model";
      args[2] = "resnet20";
      System.arraycopy(cases[i], 0, args, 3, cases[i].length);
      CliRun run = CliRun.run(referenceBackend(), args);
      assertEquals(2, run.exitCode(), run::toString);
      assertTrue(run.err().startsWith(messages[i]), run::toString);
    }
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
        "--warmup", "0", "--no-fma-peak");
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
