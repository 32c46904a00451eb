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
 * GFLOPS and their FLOP-weighted total; then, for information, the other conv families (3x3 per stage, the 7x7 stem).
 *
 * <p>Percentages come three ways, each statistic against its own kind of peak: side by side ("paired": each conv's
 * calls in {@code --slices} slices of about {@code --slice-ms}, each slice's median call against the FMA trials just
 * before and after it, the median slice counting; see {@link PairedTiming}), each conv's median call against the
 * median of all FMA trials ("typical", {@link PeakSampler}), and its fastest call against the best trial. On this
 * project's shared machine the speed the host gives moves by tens of percent within seconds, so the paired figure is
 * the one that compares like with like; the others show how far the run as a whole moved.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp 'resnet-bench/target/resnet-bench-*.jar:resnet-bench/target/lib/*' \
 *   io.jresnet.bench.GemmEfficiency [--threads 2] [--batches 1,8] [--warmup 3] [--slices 8] [--slice-ms 50] \
 *   [--jit-sweeps 3]
 * </pre>
 */
public final class GemmEfficiency {
  private static final long SEED = 42L;
  /** Length of each peak trial taken between the convs: 20 ms trials read ~30% low (thread start-up skew). */
  private static final int SAMPLE_MILLIS = 100;
  /** Fewest calls in a slice of paired timing, however long a call takes. */
  private static final int MIN_CALLS_PER_SLICE = 3;
  private static final Map<String, String> DEFAULTS =
      Map.of(
          "model", "resnet50",
          "threads", Integer.toString(Runtime.getRuntime().availableProcessors()),
          "batches", "1,8",
          "warmup", "3",
          "slices", "8",
          "slice-ms", "50",
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
    PeakSampler sampler = new PeakSampler(before.peakWidth(), threads, SAMPLE_MILLIS);
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
      int warmup = options.integer("warmup", 0);
      int slices = options.integer("slices", 1);
      int sliceMillis = options.integer("slice-ms", 1);
      for (List<ModelConv> convs : convsPerBatch) {
        List<ConvTiming> paired = new ArrayList<>();
        for (ModelConv conv : convs) {
          paired.add(new ConvTiming(conv, ConvTimer.timePaired(
              backend, conv.shape(), warmup, slices, MIN_CALLS_PER_SLICE, sliceMillis, SEED, sampler::sample)));
        }
        timings.add(List.copyOf(paired));
      }
    }
    FmaPeaks peaks = before.max(FmaPeaks.measure(threads, peakMillis, 3));
    PeakReference reference = new PeakReference(peaks.peak(), sampler.median());
    out.println(peaks.describe() + " (best of a measurement before and one after the convolutions)");
    out.println(String.format(Locale.ROOT,
        "typical peak while the convolutions ran: %.1f GFLOPS (median of %d trials of %d ms, before and after each"
            + " slice of calls); %% paired = median slice of a conv's calls vs the trials either side of it, %% typical"
            + " = median call vs typical peak, %% best = fastest call vs best peak",
        reference.typical(), sampler.count(), SAMPLE_MILLIS));
    List<String> summary = new ArrayList<>();
    for (int b = 0; b < batches.size(); b++) {
      out.println();
      out.print(render(timings.get(b), reference, "batch " + batches.get(b)));
      List<ConvTiming> pointwise = pointwise(timings.get(b));
      double median = ConvTiming.weightedGflops(pointwise);
      double best = ConvTiming.weightedBestGflops(pointwise);
      summary.add(String.format(Locale.ROOT, "batch %d: %.1f%% of the peak side by side (paired); median calls %.1f"
          + " GFLOPS = %.1f%% of typical, fastest calls %.1f GFLOPS = %.1f%% of best", batches.get(b),
          100 * ConvTiming.weightedPairedFraction(pointwise), median, reference.percentOfTypical(median), best,
          reference.percentOfBest(best)));
    }
    out.println();
    out.println("1x1 GEMMs, FLOP-weighted: " + String.join("; ", summary) + " (target: >= 70%)");
  }

  /**
   * The peak that percentages refer to, two ways.
   *
   * @param best the best FMA trial of the run: what the hardware can do, set against each conv's fastest call
   * @param typical the median of short trials taken between the convs: the peak the machine offered while they ran,
   *     set against each conv's median call
   */
  public record PeakReference(double best, double typical) {
    public PeakReference {
      if (!(best > 0 && typical > 0)) {
        throw new IllegalArgumentException("peaks must be positive, got " + best + " and " + typical);
      }
    }

    double percentOfBest(double gflops) {
      return 100 * gflops / best;
    }

    double percentOfTypical(double gflops) {
      return 100 * gflops / typical;
    }
  }

  /** Times every conv of {@code convs}: {@code repetitions} calls after {@code warmup}, without peak trials. */
  public static List<ConvTiming> time(Backend backend, List<ModelConv> convs, int warmup, int repetitions) {
    List<ConvTiming> timings = new ArrayList<>();
    for (ModelConv conv : convs) {
      timings.add(new ConvTiming(conv, ConvTimer.time(backend, conv.shape(), warmup, repetitions, SEED)));
    }
    return List.copyOf(timings);
  }

  /** The report of {@code timings}: the 1x1 table with its weighted total, then the other families. */
  public static String render(List<ConvTiming> timings, PeakReference peaks, String title) {
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

  static String table(List<ConvTiming> timings, PeakReference peaks, String totalLabel) {
    MarkdownTable table =
        new MarkdownTable("conv", "family", "shape HxWxC->F kxk/s", ">GEMM MxNxK", ">count", ">ms", ">best ms",
            ">GFLOPS", ">% paired", ">% typical", ">% best");
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
          fixed(t.samples().minMs(), 3),
          fixed(t.gflops(), 1),
          percent(t.pairedFraction()),
          fixed(peaks.percentOfTypical(t.gflops()), 1),
          fixed(peaks.percentOfBest(t.bestGflops()), 1));
    }
    if (!timings.isEmpty()) {
      double total = ConvTiming.weightedGflops(timings);
      double best = ConvTiming.weightedBestGflops(timings);
      table.row(
          "**" + totalLabel + "**", "", "", "", count, "", "", fixed(total, 1),
          "**" + percent(ConvTiming.weightedPairedFraction(timings)) + "**",
          "**" + fixed(peaks.percentOfTypical(total), 1) + "**", "**" + fixed(peaks.percentOfBest(best), 1) + "**");
    }
    return table.render();
  }

  /** A fraction as a percentage, or "-" for NaN (timed without peak trials). */
  static String percent(double fraction) {
    return Double.isNaN(fraction) ? "-" : fixed(100 * fraction, 1);
  }

  static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
