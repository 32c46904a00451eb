package io.jresnet.cli;

import io.jresnet.bench.ComparisonOptions;
import io.jresnet.bench.OrtComparison;
import io.jresnet.cpu.CpuBackendProvider;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.ParameterException;

/**
 * {@code resnet bench --against onnxruntime}: the bench options turned into an {@link OrtComparison} run. The
 * comparison always uses jresnet's CPU backend (ONNX Runtime runs on the CPU), so {@code --backend} may only be
 * {@code cpu} or {@code auto}; combinations it cannot honour are usage errors that say so.
 */
final class OnnxRuntimeBench {
  static final String ONNXRUNTIME = "onnxruntime";
  /** Forwards each peak-memory probe runs. */
  private static final int MEMORY_FORWARDS = 3;

  private final CommandLine command;
  private final GlobalOptions options;

  OnnxRuntimeBench(CommandLine command, GlobalOptions options) {
    this.command = command;
    this.options = options;
  }

  /**
   * Runs the comparison and prints its report.
   *
   * @param batch the one batch size to compare, or null for 1 and 8
   * @param csv where to write the throughput rows, or null
   */
  int run(
      String model,
      String against,
      Integer batch,
      ImageSize size,
      Integer channels,
      boolean train,
      int warmup,
      int rounds,
      boolean memory,
      Path csv) {
    if (!against.equals(ONNXRUNTIME)) {
      throw usage("--against supports only '" + ONNXRUNTIME + "', got '" + against + "'");
    }
    if (train) {
      throw usage("--against compares inference; drop --train (tools/bench/train-throughput.sh compares training"
          + " with PyTorch)");
    }
    if (channels != null) {
      throw usage("--against runs the model's own input channels; drop --channels");
    }
    if (size != null && size.height() != size.width()) {
      throw usage("--against needs a square --size, got " + size.height() + "x" + size.width());
    }
    String backend = options.backend();
    if (!backend.equals(BackendSelector.AUTO) && !backend.equals(CpuBackendProvider.NAME)) {
      throw usage("--against compares jresnet's CPU backend with ONNX Runtime on the CPU; use --backend cpu, got '"
          + backend + "'");
    }
    List<Integer> batches = batch == null ? List.of(1, 8) : List.of(batch);
    int largest = batches.stream().mapToInt(Integer::intValue).max().orElseThrow();
    ComparisonOptions comparison =
        new ComparisonOptions(
            model,
            size == null ? 0 : size.height(),
            batches,
            options.threads(),
            warmup,
            Math.max(1, rounds),
            memory ? largest : 0,
            MEMORY_FORWARDS,
            "",
            true,
            csv,
            null);
    OrtComparison.run(comparison, command.getOut());
    return ExitCode.OK;
  }

  private ParameterException usage(String message) {
    return new ParameterException(command, message);
  }
}
