package io.jresnet.bench;

import io.jresnet.nn.Model;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;

/**
 * jresnet's side: an evaluation forward of a bound model on an input tensor made once, into an output tensor made
 * once, the way a server reuses its buffers.
 */
public final class JresnetRunner implements BatchRunner {
  private final Model model;
  private final Tensor input;
  private final Tensor result;
  private final float[] output;

  /** Runs {@code model} on a copy of {@code nhwc} ({@code shape}); the model stays the caller's. */
  public JresnetRunner(Model model, float[] nhwc, Shape shape) {
    this.model = model;
    this.input = model.backend().fromHost(nhwc, shape);
    Shape out = model.outputShape(shape);
    this.result = model.backend().allocate(out);
    this.output = new float[out.size()];
  }

  @Override
  public String name() {
    return "jresnet";
  }

  @Override
  public void forward() {
    model.forward(input, result);
    result.copyToHost(output);
  }

  @Override
  public float[] output() {
    return output;
  }

  @Override
  public void close() {
    input.close();
    result.close();
  }
}
