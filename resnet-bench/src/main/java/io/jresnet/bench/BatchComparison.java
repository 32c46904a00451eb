package io.jresnet.bench;

/**
 * The side-by-side result of jresnet and ONNX Runtime at one batch size.
 *
 * @param batch images per forward pass
 * @param jresnet jresnet's timed forwards
 * @param ort ONNX Runtime's timed forwards
 * @param agreement jresnet's output against ONNX Runtime's on the same input
 * @param jresnetHeap heap activity summed over jresnet's timed forwards alone
 * @param ortHeap heap activity summed over ONNX Runtime's timed forwards alone (its Java side)
 * @param timedPhase heap activity over the whole timed phase, both frameworks and the timing loop
 */
public record BatchComparison(
    int batch,
    Samples jresnet,
    Samples ort,
    OutputAgreement agreement,
    HeapActivity jresnetHeap,
    HeapActivity ortHeap,
    HeapActivity timedPhase) {
  public BatchComparison {
    if (batch < 1) {
      throw new IllegalArgumentException("batch must be >= 1, got " + batch);
    }
  }

  /** jresnet's images/s over ONNX Runtime's (above 1: jresnet is faster). */
  public double speedRatio() {
    return ort.medianMs() / jresnet.medianMs();
  }

  /** Heap bytes one jresnet forward allocates, on average over the timed ones; -1 when unknown. */
  public long jresnetBytesPerForward() {
    return jresnetHeap.allocatedBytes() < 0 ? -1 : jresnetHeap.allocatedBytes() / jresnet.count();
  }

  /** Heap bytes one ONNX Runtime forward allocates on the Java side; -1 when unknown. */
  public long ortBytesPerForward() {
    return ortHeap.allocatedBytes() < 0 ? -1 : ortHeap.allocatedBytes() / ort.count();
  }
}
