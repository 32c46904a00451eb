package io.jresnet.nn;

import io.jresnet.tensor.Tensor;
import java.util.List;

/**
 * A layer whose kernel can apply ReLU to its output in the same pass: inference plans fuse a following ReLU in, and
 * so do training plans, where the layer's backward then also takes the ReLU's mask.
 */
interface ReluFusable extends Layer {
  /** {@link #forward(ExecutionContext, List)}, followed by ReLU when {@code relu}. */
  Tensor forward(ExecutionContext ctx, List<Tensor> inputs, boolean relu);

  @Override
  default Tensor forward(ExecutionContext ctx, List<Tensor> inputs) {
    return forward(ctx, inputs, false);
  }

  /**
   * What the backward of this layer with its ReLU fused in reads: what {@link #backwardNeeds()} says, plus the fused
   * output when {@code relu} (its sign is the ReLU's mask).
   */
  default BackwardNeeds backwardNeeds(boolean relu) {
    return relu ? backwardNeeds().withOutput() : backwardNeeds();
  }

  /**
   * Backward of {@link #forward(ExecutionContext, List, boolean)}: with {@code relu}, masks {@code gradOutput} in
   * place by the sign of {@code output} (the fused output) and then runs {@link #backward}; layers override this to
   * fold the mask into their own kernels.
   */
  default List<Tensor> backward(
      BackwardContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput, boolean relu) {
    if (relu) {
      ctx.backend().elementwise().reluBackward(output, gradOutput, gradOutput);
    }
    return backward(ctx, inputs, backwardNeeds().output() ? output : null, gradOutput);
  }
}
