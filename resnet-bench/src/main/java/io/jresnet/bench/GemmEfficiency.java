package io.jresnet.bench;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.cpu.CpuBackendProvider;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The GEMM efficiency report: the FMA peak, then every distinct 1x1 convolution of ResNet-50 at 224x224 (the
 * strided projection shortcuts included) timed through the CPU backend's SPI with its bias + ReLU epilogue, with
 * GFLOPS and percentage of the measured peak on the backend's thread count, and their FLOP-weighted total; then, for
 * information, the other conv families (3x3 per stage, the 7x7 stem).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp 'resnet-bench/target/resnet-bench-*.jar:resnet-bench/target/lib/*' \
 *   io.jresnet.bench.GemmEfficiency [--threads 2] [--batches 1,8] [--warmup 3] [--repetitions 10] [--jit-sweeps 3]
 * </pre>
 */
public final class GemmEfficiency {
  private static final long SEED = 42L;
  private static final Map<String, String> DEFAULTS =
      Map.of(
          "model", "resnet50",
          "threads", Integer.toString(Runtime.getRuntime().availableProcessors()),
          "batches", "1,8",
          "warmup", "3",
          "repetitions", "10",
          "jit-sweeps", "3",
          "peak-ms", "300");

  private GemmEfficiency() {}

  public static void main(String[] args) {
    BenchArgs options = BenchArgs.parse(args, DEFAULTS);
    int threads = options.integer("threads", 1);
    int peakMillis = options.integer("peak-ms", 1);
    PrintStream out = System.out;
    out.println("# GEMM efficiency of the CPU backend: " + options.string("model") + " convolutions");
    out.println(MachineInfo.current().headerLine());
    out.flush();
    FmaPeaks before = FmaPeaks.measure(threads, peakMillis, 3);
    List<Integer> batches = options.integers("batches", 1);
    List<List<ConvTiming>> timings = new ArrayList<>();
    try (Backend backend = new CpuBackendProvider().open(new BackendConfig(threads))) {
      List<List<ModelConv>> convsPerBatch = new ArrayList<>();
      for (int batch : batches) {
        convsPerBatch.add(ModelConvs.ofZooModel(options.string("model"), batch));
      }
      // Every conv of every batch first, untimed: the kernels a family shares are compiled by C2 only after many
      // calls, so a few warm-up calls per conv left the first convs of each family timed in the interpreter.
      for (int sweep = 0; sweep < options.integer("jit-sweeps", 0); sweep++) {
        for (List<ModelConv> convs : convsPerBatch) {
          time(backend, convs, 0, 1);
        }
      }
      for (List<ModelConv> convs : convsPerBatch) {
        timings.add(time(backend, convs, options.integer("warmup", 0), options.integer("repetitions", 1)));
      }
    }
    FmaPeaks peaks = before.max(FmaPeaks.measure(threads, peakMillis, 3));
    out.println(peaks.describe() + " (best of a measurement before and one after the convolutions)");
    List<String> summary = new ArrayList<>();
    for (int b = 0; b < batches.size(); b++) {
      out.println();
      out.print(render(timings.get(b), peaks, "batch " + batches.get(b)));
      double total = ConvTiming.weightedGflops(pointwise(timings.get(b)));
      summary.add(String.format(Locale.ROOT, "batch %d: %.1f GFLOPS = %.1f%%", batches.get(b), total,
          peaks.percentOfPeak(total)));
    }
    out.println();
    out.println("1x1 GEMMs, FLOP-weighted, of the FMA peak: " + String.join("; ", summary) + " (target: >= 70%)");
  }

  /** Times every conv of {@code convs}: the median of {@code repetitions} calls after {@code warmup}. */
  public static List<ConvTiming> time(Backend backend, List<ModelConv> convs, int warmup, int repetitions) {
    List<ConvTiming> timings = new ArrayList<>();
    for (ModelConv conv : convs) {
      timings.add(new ConvTiming(conv, ConvTimer.time(backend, conv.shape(), warmup, repetitions, SEED)));
    }
    return List.copyOf(timings);
  }

  /** The report of {@code timings}: the 1x1 table with its weighted total, then the other families. */
  public static String render(List<ConvTiming> timings, FmaPeaks peaks, String title) {
    List<ConvTiming> pointwise = pointwise(timings);
    List<ConvTiming> others = timings.stream().filter(t -> !pointwise.contains(t)).toList();
    StringBuilder out = new StringBuilder();
    out.append("## 1x1 convolutions (GEMMs), ").append(title).append('\n');
    out.append(table(pointwise, peaks, "1x1 total, FLOP-weighted"));
    if (!others.isEmpty()) {
      out.append('\n').append("## other convolutions (for information), ").append(title).append('\n');
      out.append(table(others, peaks, "other total, FLOP-weighted"));
    }
    return out.toString();
  }

  static List<ConvTiming> pointwise(List<ConvTiming> timings) {
    return timings.stream()
        .filter(t -> t.conv().shape().family() == ConvFamily.POINTWISE
            || t.conv().shape().family() == ConvFamily.POINTWISE_STRIDED)
        .toList();
  }

  static String table(List<ConvTiming> timings, FmaPeaks peaks, String totalLabel) {
    MarkdownTable table =
        new MarkdownTable("conv", "family", "shape HxWxC->F kxk/s", ">GEMM MxNxK", ">count", ">ms", ">GFLOPS",
            ">% peak");
    int count = 0;
    for (ConvTiming t : timings) {
      ConvShape s = t.conv().shape();
      count += t.conv().occurrences();
      table.row(
          s.name(),
          s.family().label(),
          s.geometry(),
          s.gemmDims(),
          t.conv().occurrences(),
          fixed(t.samples().medianMs(), 3),
          fixed(t.gflops(), 1),
          fixed(peaks.percentOfPeak(t.gflops()), 1));
    }
    if (!timings.isEmpty()) {
      double total = ConvTiming.weightedGflops(timings);
      table.row(
          "**" + totalLabel + "**", "", "", "", count, "", fixed(total, 1),
          "**" + fixed(peaks.percentOfPeak(total), 1) + "**");
    }
    return table.render();
  }

  static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
