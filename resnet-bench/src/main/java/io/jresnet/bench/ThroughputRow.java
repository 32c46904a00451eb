package io.jresnet.bench;

/**
 * One measured throughput, a row of {@code docs/bench/results.csv}.
 *
 * @param system the framework, e.g. {@code jresnet}, {@code onnxruntime}, {@code pytorch}
 * @param workload what ran, e.g. {@code resnet50 224x224 inference} or {@code resnet20 28x28x1 training}
 * @param batch images per step
 * @param imagesPerSecond the median throughput
 */
public record ThroughputRow(String system, String workload, int batch, double imagesPerSecond) {
  public ThroughputRow {
    for (String text : new String[] {system, workload}) {
      if (text == null || text.isBlank() || text.contains(",") || text.contains("\n") || text.contains("\"")) {
        throw new IllegalArgumentException(
            "system and workload must be non-blank and free of commas, quotes and newlines, got '" + text + "'");
      }
    }
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    }
    if (!(imagesPerSecond > 0) || Double.isInfinite(imagesPerSecond)) {
      throw new IllegalArgumentException("images/s must be a positive number, got " + imagesPerSecond);
    }
  }
}
