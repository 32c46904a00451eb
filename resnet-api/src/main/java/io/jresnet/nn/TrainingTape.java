package io.jresnet.nn;

import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * What a training forward leaves for backward: per step, its input shapes and saved tensors; and the forward values
 * the {@link BackwardPlan} keeps, by name. Owns every tensor in it; backward releases them to {@code buffers} as it
 * goes, and {@link #close()} releases whatever is left (idempotent, as releasing is).
 *
 * @param outputShape the shape of the graph output, which backward's incoming gradient must have
 */
record TrainingTape(Shape outputShape, List<Entry> entries, Map<String, Tensor> kept, TrainingBuffers buffers)
    implements AutoCloseable {
  /** One forward step: the input shapes and the tensors the layer saved with {@link ExecutionContext#allocateSaved}. */
  record Entry(List<Shape> inputShapes, List<Tensor> saved) {}

  @Override
  public void close() {
    for (Entry entry : entries) {
      entry.saved().forEach(buffers::release);
    }
    kept.values().forEach(buffers::release);
  }
}
