package io.jresnet.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@link OrtComparison} runs.
 *
 * @param model zoo model name
 * @param size square input size, 0 for the model's own
 * @param batches batch sizes, each compared in turn
 * @param threads compute threads for both frameworks (0: one per available processor)
 * @param warmup untimed forwards of each framework before the timed rounds
 * @param rounds timed rounds, one forward of each framework per round
 * @param memoryBatch batch of the peak-memory probes, 0 to skip them
 * @param memoryForwards forwards each memory probe runs
 * @param memoryHeapCap a {@code -Xmx} size (e.g. {@code 400m}) to measure both probes under as well, or empty
 * @param jfr whether to record allocation samples with JFR during extra jresnet forwards
 * @param csv results file to write, or null
 * @param workDir where the exported ONNX model goes (a temporary directory when null)
 */
public record ComparisonOptions(
    String model,
    int size,
    List<Integer> batches,
    int threads,
    int warmup,
    int rounds,
    int memoryBatch,
    int memoryForwards,
    String memoryHeapCap,
    boolean jfr,
    Path csv,
    Path workDir) {
  public ComparisonOptions {
    batches = List.copyOf(batches);
    if (batches.isEmpty() || batches.stream().anyMatch(b -> b < 1)) {
      throw new IllegalArgumentException("batches must be one or more sizes >= 1, got " + batches);
    }
    if (size < 0 || threads < 0 || warmup < 0 || rounds < 1 || memoryBatch < 0 || memoryForwards < 1) {
      throw new IllegalArgumentException(
          "need size >= 0, threads >= 0, warmup >= 0, rounds >= 1, memoryBatch >= 0 and memoryForwards >= 1");
    }
    if (!memoryHeapCap.isEmpty() && !memoryHeapCap.matches("[1-9][0-9]*[kKmMgG]?")) {
      throw new IllegalArgumentException(
          "option '--memory-heap-cap' must be a -Xmx size such as 400m, got '" + memoryHeapCap + "'");
    }
  }

  /** The defaults of the command line: ResNet-50 at 224x224, batches 1 and 8, peak memory at batch 8. */
  static final Map<String, String> DEFAULTS =
      Map.ofEntries(
          Map.entry("model", "resnet50"),
          Map.entry("size", "0"),
          Map.entry("batches", "1,8"),
          Map.entry("threads", "0"),
          // Kernels that run once per forward (the stem, the max-pool) reach C2 only after 10 to 30 forwards; before
          // that their Vector API code runs interpreted or in C1 (the batch-1 max-pool: 1.8 ms, then 0.3 ms).
          Map.entry("warmup", "15"),
          Map.entry("rounds", "15"),
          Map.entry("memory-batch", "8"),
          Map.entry("memory-forwards", "5"),
          Map.entry("memory-heap-cap", ""),
          Map.entry("jfr", "true"),
          Map.entry("csv", ""),
          Map.entry("work-dir", ""));

  /** Options from {@code --name value} arguments over {@link #DEFAULTS}. */
  static ComparisonOptions parse(String[] args) {
    BenchArgs a = BenchArgs.parse(args, DEFAULTS);
    String jfr = a.string("jfr");
    if (!jfr.equals("true") && !jfr.equals("false")) {
      throw new IllegalArgumentException("option '--jfr' must be true or false, got '" + jfr + "'");
    }
    return new ComparisonOptions(
        a.string("model"),
        a.integer("size", 0),
        a.integers("batches", 1),
        a.integer("threads", 0),
        a.integer("warmup", 0),
        a.integer("rounds", 1),
        a.integer("memory-batch", 0),
        a.integer("memory-forwards", 1),
        a.string("memory-heap-cap"),
        Boolean.parseBoolean(jfr),
        a.string("csv").isEmpty() ? null : Path.of(a.string("csv")),
        a.string("work-dir").isEmpty() ? null : Path.of(a.string("work-dir")));
  }
}
