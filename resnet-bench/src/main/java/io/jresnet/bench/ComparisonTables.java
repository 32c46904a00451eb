package io.jresnet.bench;

import java.util.List;
import java.util.Locale;

/** The Markdown tables of an {@link OrtComparison} run. */
public final class ComparisonTables {
  private ComparisonTables() {}

  /** Speed, agreement, allocation and GC per batch. */
  public static String speed(List<BatchComparison> batches) {
    MarkdownTable table =
        new MarkdownTable(">batch", ">jresnet ms", ">ORT ms", ">jresnet img/s", ">ORT img/s", ">jresnet/ORT",
            ">rel. error", "agree", ">jresnet B/forward", ">ORT B/forward", ">GCs (ms), timed phase");
    for (BatchComparison b : batches) {
      table.row(
          b.batch(),
          fixed(b.jresnet().medianMs(), 2),
          fixed(b.ort().medianMs(), 2),
          fixed(b.jresnet().perSecond(b.batch()), 2),
          fixed(b.ort().perSecond(b.batch()), 2),
          fixed(b.speedRatio(), 2) + "x",
          String.format(Locale.ROOT, "%.1e", b.agreement().relativeError()),
          b.agreement().agrees() ? "yes" : "NO",
          bytes(b.jresnetBytesPerForward()),
          bytes(b.ortBytesPerForward()),
          b.timedPhase().collections() + " (" + b.timedPhase().collectionMillis() + ")");
    }
    return table.render();
  }

  /** Peak resident memory of each framework and the ratio, a row per GC configuration. */
  public static String memory(ComparisonResult result) {
    MarkdownTable table =
        new MarkdownTable("GC (both JVMs)", ">jresnet MiB", ">onnxruntime MiB", ">jresnet/ORT");
    for (PeakMemoryPair pair : result.peakMemory()) {
      table.row(pair.gc(), fixed(pair.jresnetKib() / 1024.0, 1), fixed(pair.ortKib() / 1024.0, 1),
          "**" + fixed(pair.ratio(), 2) + "x**");
    }
    return table.render();
  }

  /** The JFR allocation sites, or a line saying none were sampled. */
  public static String allocationSites(List<AllocationSite> sites) {
    if (sites.isEmpty()) {
      return "no allocation samples: the hot path allocated nothing JFR could see\n";
    }
    MarkdownTable table = new MarkdownTable("allocation site", ">JFR weight (estimated bytes)", ">samples");
    sites.forEach(s -> table.row("`" + s.frame() + "`", bytes(s.bytes()), s.samples()));
    return table.render();
  }

  /** Bytes with a binary unit, e.g. {@code 512 B}, {@code 3.2 KiB}, {@code 1.5 MiB}; "n/a" when negative. */
  static String bytes(long n) {
    if (n < 0) {
      return "n/a";
    }
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return fixed(n / 1024.0, 1) + " KiB";
    }
    return fixed(n / (1024.0 * 1024.0), 1) + " MiB";
  }

  static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
