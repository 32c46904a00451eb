package io.jresnet.bench;

import io.jresnet.nn.Mode;
import io.jresnet.nn.Model;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;

/** jresnet's side: an evaluation forward of a bound model on an input tensor made once. */
public final class JresnetRunner implements BatchRunner {
  private final Model model;
  private final Tensor input;
  private final float[] output;

  /** Runs {@code model} on a copy of {@code nhwc} ({@code shape}); the model stays the caller's. */
  public JresnetRunner(Model model, float[] nhwc, Shape shape) {
    this.model = model;
    this.input = model.backend().fromHost(nhwc, shape);
    this.output = new float[model.outputShape(shape).size()];
  }

  @Override
  public String name() {
    return "jresnet";
  }

  @Override
  public void forward() {
    try (Tensor y = model.forward(input, Mode.EVAL)) {
      y.copyToHost(output);
    }
  }

  @Override
  public float[] output() {
    return output;
  }

  @Override
  public void close() {
    input.close();
  }
}
