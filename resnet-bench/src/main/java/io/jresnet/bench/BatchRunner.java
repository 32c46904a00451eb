package io.jresnet.bench;

/**
 * One framework running one model on one fixed input batch, set up once so that {@link #forward()} does nothing but
 * the inference and the copy of its output to a preallocated host array.
 */
public interface BatchRunner extends AutoCloseable {
  /** The framework's name in reports, e.g. {@code jresnet} or {@code onnxruntime}. */
  String name();

  /** Runs one forward pass of the fixed input to completion; its output replaces {@link #output()}'s content. */
  void forward();

  /** The last forward's output, {@code [N, classes]} row-major; the same array every time. */
  float[] output();

  @Override
  void close();
}
