package io.jresnet.bench;

import ai.onnxruntime.OrtSession;
import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.cpu.CpuBackendProvider;
import io.jresnet.models.interop.onnx.OnnxExporter;
import io.jresnet.nn.Model;
import io.jresnet.nn.Parameters;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * jresnet against ONNX Runtime on the same model and weights, in one JVM: a zoo model with seeded weights is
 * exported to ONNX by jresnet's own exporter and loaded into an ONNX Runtime session with as many intra-op threads
 * as jresnet's CPU backend has; then, per batch size, the two alternate forward passes ({@link SideBySide}) and the
 * report gives medians, images/s, the speed ratio, whether the outputs agree within the 1e-4 contract (ONNX Runtime
 * gets the same input transposed to NCHW), the heap bytes each forward allocates and the collections in the timed
 * phase. Optionally JFR samples where jresnet's forwards still allocate, and two child JVMs measure each framework's
 * peak resident memory alone.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp 'resnet-bench/target/resnet-bench-*.jar:resnet-bench/target/lib/*' \
 *   io.jresnet.bench.OrtComparison [--model resnet50] [--size 224] [--batches 1,8] [--threads 2] [--warmup 15] \
 *   [--rounds 15] [--memory-batch 8] [--memory-forwards 5] [--jfr true] [--csv docs/bench/results.csv]
 * </pre>
 */
public final class OrtComparison {
  private OrtComparison() {}

  public static void main(String[] args) {
    ComparisonOptions options;
    try {
      options = ComparisonOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("OrtComparison: " + e.getMessage());
      System.exit(2);
      return;
    }
    run(options, new PrintWriter(System.out, true));
  }

  /**
   * Runs the comparison, printing the report to {@code out} as it goes, and writes the results file when the
   * options name one.
   *
   * @throws UncheckedIOException when the results file cannot be written
   */
  public static ComparisonResult run(ComparisonOptions options, PrintWriter out) {
    SeededModel seeded = SeededModel.of(options.model(), options.size());
    int threads = new BackendConfig(options.threads()).resolvedThreads();
    out.println("# jresnet vs ONNX Runtime: " + seeded.describe() + ", float32, " + threads + " threads");
    out.println(MachineInfo.current().headerLine());
    out.println(
        "ONNX Runtime " + OrtModel.version() + " (intra-op " + threads
            + ", inter-op 1, sequential, ALL_OPT, no spinning) on the model exported by jresnet; weights "
            + seeded.spec().init().jsonName() + " from seed " + SeededModel.SEED);
    out.println(
        "protocol: " + options.warmup() + " warm-up forwards each, then " + options.rounds()
            + " rounds of one timed forward each, alternating (order swapped every round); medians. rel. error ="
            + " ||jresnet - ORT|| / ||ORT|| on the logits, agree = within " + OutputAgreement.TOLERANCE);
    out.println();
    Path dir = workDir(options);
    try {
      Path onnx = dir.resolve(seeded.spec().name() + ".onnx");
      List<BatchComparison> batches = new ArrayList<>();
      List<AllocationSite> sites = List.of();
      try (Backend backend = new CpuBackendProvider().open(new BackendConfig(threads));
          Parameters parameters = seeded.parameters(backend);
          Model model = exportThenBind(seeded, backend, parameters, onnx)) {
        try (OrtModel ort = OrtModel.open(onnx, threads)) {
          for (int batch : options.batches()) {
            batches.add(compare(model, ort.session(), seeded, batch, options));
          }
          out.print(ComparisonTables.speed(batches));
          out.println("target (issue 4): jresnet/ORT >= 1.00x at every batch (aim 1.25x), outputs agree");
          out.flush();
          if (options.jfr()) {
            sites = jfrSites(model, seeded, options.batches().getLast(), options.rounds());
            out.println();
            out.println(
                "## allocation on the hot path: JFR jdk.ObjectAllocationSample over " + options.rounds()
                    + " jresnet forwards at batch " + options.batches().getLast() + " after warm-up (each thread's"
                    + " first sample left out: JFR weighs it with all the thread allocated before the recording)");
            out.print(ComparisonTables.allocationSites(sites));
          }
        }
      }
      List<PeakMemoryPair> peaks = new ArrayList<>();
      if (options.memoryBatch() > 0) {
        for (PeakMemory.GcConfiguration gc : PeakMemory.gcConfigurations(options.memoryHeapCap())) {
          long[] kib = PeakMemory.measureBoth(options.model(), options.size(), options.memoryBatch(),
              options.memoryForwards(), threads, onnx, gc.extraFlags());
          peaks.add(new PeakMemoryPair(gc.name(), gc.extraFlags(), kib[0], kib[1]));
        }
      }
      ComparisonResult result = new ComparisonResult(seeded.describe(), threads, batches, options.memoryBatch(),
          peaks, sites);
      if (options.memoryBatch() > 0) {
        out.println();
        out.println(
            "## peak resident memory, batch " + options.memoryBatch() + ": one child JVM per framework (run at once), "
                + options.memoryForwards() + " forwards, flags " + String.join(" ", PeakMemory.childJvmFlags()));
        out.print(ComparisonTables.memory(result));
        out.println("target (issue 4): jresnet/ORT <= 1.25x");
      }
      if (options.csv() != null) {
        writeCsv(options.csv(), result.rows());
        out.println("wrote " + options.csv());
      }
      out.flush();
      return result;
    } finally {
      if (options.workDir() == null) {
        deleteTree(dir);
      }
    }
  }

  private static BatchComparison compare(
      Model model, OrtSession session, SeededModel seeded, int batch, ComparisonOptions options) {
    float[] input = seeded.input(batch);
    try (JresnetRunner jresnet = new JresnetRunner(model, input, seeded.inputShape(batch));
        OrtRunner ort = OrtRunner.forModel(session, seeded, input, batch)) {
      jresnet.forward();
      ort.forward();
      OutputAgreement agreement = OutputAgreement.of(jresnet.output(), ort.output());
      SideBySide.Outcome outcome = SideBySide.run(jresnet, ort, options.warmup(), options.rounds());
      return new BatchComparison(batch, outcome.first(), outcome.second(), agreement, outcome.firstHeap(),
          outcome.secondHeap(), outcome.timedPhase());
    }
  }

  private static List<AllocationSite> jfrSites(Model model, SeededModel seeded, int batch, int forwards) {
    try (JresnetRunner jresnet = new JresnetRunner(model, seeded.input(batch), seeded.inputShape(batch))) {
      jresnet.forward();
      return AllocationSites.record(
          () -> {
            for (int i = 0; i < forwards; i++) {
              jresnet.forward();
            }
          },
          5);
    }
  }

  private static void writeCsv(Path csv, List<ThroughputRow> rows) {
    try {
      ResultsCsv.write(csv, rows);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + csv, e);
    }
  }

  /**
   * Writes the ONNX model ONNX Runtime will run, then binds jresnet's the way a served model runs (one copy of the
   * weights: {@link Model#bindForInference}, which frees the parameters the export read).
   */
  private static Model exportThenBind(SeededModel seeded, Backend backend, Parameters parameters, Path onnx) {
    OnnxExporter.write(seeded.graph(), parameters, onnx);
    return Model.bindForInference(seeded.graph(), backend, parameters);
  }

  private static Path workDir(ComparisonOptions options) {
    try {
      if (options.workDir() != null) {
        return Files.createDirectories(options.workDir());
      }
      return Files.createTempDirectory("jresnet-ort");
    } catch (IOException e) {
      throw new UncheckedIOException("could not create the directory for the exported ONNX model", e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A leftover temporary directory is harmless.
    }
  }
}
