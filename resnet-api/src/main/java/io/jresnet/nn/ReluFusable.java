package io.jresnet.nn;

import io.jresnet.tensor.Tensor;
import java.util.List;

/** A layer whose kernel can apply ReLU to its output in the same pass; inference plans fuse a following ReLU in. */
interface ReluFusable extends Layer {
  /** {@link #forward(ExecutionContext, List)}, followed by ReLU when {@code relu}. */
  Tensor forward(ExecutionContext ctx, List<Tensor> inputs, boolean relu);

  @Override
  default Tensor forward(ExecutionContext ctx, List<Tensor> inputs) {
    return forward(ctx, inputs, false);
  }
}
