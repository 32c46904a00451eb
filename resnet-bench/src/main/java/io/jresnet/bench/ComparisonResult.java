package io.jresnet.bench;

import java.util.List;

/**
 * Everything one {@link OrtComparison} run measured.
 *
 * @param model what ran
 * @param threads compute threads of both frameworks
 * @param batches the side-by-side results, one per batch size
 * @param memoryBatch batch of the peak-memory probes (0: not measured)
 * @param jresnetPeakKib jresnet's peak resident set in KiB, -1 when not measured
 * @param ortPeakKib ONNX Runtime's peak resident set in KiB, -1 when not measured
 * @param allocationSites JFR's heaviest allocation sites during jresnet forwards after warm-up (empty when not
 *     recorded, or when nothing was allocated)
 */
public record ComparisonResult(
    String model,
    int threads,
    List<BatchComparison> batches,
    int memoryBatch,
    long jresnetPeakKib,
    long ortPeakKib,
    List<AllocationSite> allocationSites) {
  public ComparisonResult {
    batches = List.copyOf(batches);
    allocationSites = List.copyOf(allocationSites);
  }

  /** jresnet's peak resident memory over ONNX Runtime's, or NaN when not measured. */
  public double memoryRatio() {
    return jresnetPeakKib > 0 && ortPeakKib > 0 ? (double) jresnetPeakKib / ortPeakKib : Double.NaN;
  }

  /** The throughput rows for the results file: both frameworks at every batch, as inference of {@code model}. */
  public List<ThroughputRow> rows() {
    String workload = model + " inference";
    return batches.stream()
        .flatMap(
            b ->
                java.util.stream.Stream.of(
                    new ThroughputRow("jresnet", workload, b.batch(), b.jresnet().perSecond(b.batch())),
                    new ThroughputRow("onnxruntime", workload, b.batch(), b.ort().perSecond(b.batch()))))
        .toList();
  }
}
