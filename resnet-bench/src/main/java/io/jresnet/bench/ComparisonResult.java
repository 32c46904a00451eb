package io.jresnet.bench;

import java.util.List;

/**
 * Everything one {@link OrtComparison} run measured.
 *
 * @param model what ran
 * @param threads compute threads of both frameworks
 * @param batches the side-by-side results, one per batch size
 * @param memoryBatch batch of the peak-memory probes (0: not measured)
 * @param peakMemory both frameworks' peak resident sets, one pair per GC configuration (empty when not measured)
 * @param allocationSites JFR's heaviest allocation sites during jresnet forwards after warm-up (empty when not
 *     recorded, or when nothing was allocated)
 */
public record ComparisonResult(
    String model,
    int threads,
    List<BatchComparison> batches,
    int memoryBatch,
    List<PeakMemoryPair> peakMemory,
    List<AllocationSite> allocationSites) {
  public ComparisonResult {
    batches = List.copyOf(batches);
    allocationSites = List.copyOf(allocationSites);
    peakMemory = List.copyOf(peakMemory);
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
