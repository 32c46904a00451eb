package io.jresnet.bench;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.backend.KernelBurst;
import io.jresnet.cpu.CpuBackendProvider;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Each distinct conv of a zoo model timed as a forward pass meets it: its input and weights cycle through enough
 * copies that every call reads them from memory, not from the cache the call before left warm (which
 * {@link GemmEfficiency}, timing one set of operands, measures instead). Prints the median call of each conv and the
 * model's total (each conv times the number of times the model runs it). Run it on two builds one JVM after the
 * other, a few times over, to compare a kernel change conv by conv:
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *     -cp 'resnet-bench/target/resnet-bench-0.1.0-SNAPSHOT.jar:resnet-bench/target/lib/*' \
 *     io.jresnet.bench.ColdConvTimes --model resnet50 --batch 1 [--copies-mb 64] [--calls 100] [--threads 2]
 * </pre>
 */
public final class ColdConvTimes {
  static final Map<String, String> DEFAULTS =
      Map.of("model", "resnet50", "batch", "1", "copies-mb", "64", "calls", "100", "threads", "2", "warmup", "20");
  private static final long SEED = 20151210;

  private ColdConvTimes() {}

  public static void main(String[] args) {
    BenchArgs options = BenchArgs.parse(args, DEFAULTS);
    int batch = options.integer("batch", 1);
    PrintStream out = System.out;
    out.println("# " + options.string("model") + " convolutions at batch " + batch + ", operands cycling through "
        + options.integer("copies-mb", 1) + " MB of copies");
    out.println(MachineInfo.current().headerLine());
    try (Backend backend = new CpuBackendProvider().open(new BackendConfig(options.integer("threads", 1)))) {
      List<ConvTiming> timings =
          time(backend, ModelConvs.ofZooModel(options.string("model"), batch), options.integer("copies-mb", 1),
              options.integer("warmup", 0), options.integer("calls", 1));
      out.print(render(timings));
    }
  }

  /**
   * Times each conv's {@code calls} calls after {@code warmup}, its operands cycling through as many copies as fill
   * {@code copiesMb} MB (at least two).
   */
  static List<ConvTiming> time(Backend backend, List<ModelConv> convs, int copiesMb, int warmup, int calls) {
    List<ConvTiming> timings = new ArrayList<>();
    for (ModelConv conv : convs) {
      ConvShape shape = conv.shape();
      long bytesPerCopy =
          4L * (shape.inputShape().size() + shape.weightShape().size() + shape.outputShape().size());
      int copies = (int) Math.max(2, Math.min(256, copiesMb * 1_000_000L / bytesPerCopy));
      List<ConvFixture> fixtures = new ArrayList<>();
      try {
        for (int i = 0; i < copies; i++) {
          fixtures.add(new ConvFixture(backend, shape, SEED + i));
        }
        long[] nanos;
        try (KernelBurst burst = backend.burst()) {
          for (int i = 0; i < warmup; i++) {
            fixtures.get(i % copies).run();
          }
          nanos = ConvTimer.timedCalls(fixtures, calls);
        }
        timings.add(new ConvTiming(conv, Samples.ofNanos(nanos)));
      } finally {
        fixtures.forEach(ConvFixture::close);
      }
    }
    return timings;
  }

  /** One row per conv, then the model's total of median calls. */
  static String render(List<ConvTiming> timings) {
    MarkdownTable table = new MarkdownTable("conv", "shape HxWxC->F kxk/s", ">count", ">median ms", ">GFLOPS");
    double total = 0;
    for (ConvTiming t : timings) {
      ConvShape shape = t.conv().shape();
      table.row(shape.name(), shape.geometry(), t.conv().occurrences(), String.format("%.3f", t.samples().medianMs()),
          String.format("%.1f", t.samples().gflops(shape.flops())));
      total += t.samples().medianMs() * t.conv().occurrences();
    }
    return table.render() + String.format("total of the model's convs (median calls x count): %.2f ms%n", total);
  }
}
