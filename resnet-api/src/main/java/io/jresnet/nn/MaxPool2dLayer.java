package io.jresnet.nn;

import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.tensor.Tensor;
import java.util.List;

/**
 * {@link Ops#MAX_POOL2D}: the maximum of each window, {@code [N, H, W, C] -> [N, OH, OW, C]}; padded cells never
 * win. The stride defaults to the kernel. No parameters; MACs: 0.
 */
public final class MaxPool2dLayer extends Pool2dLayer {
  public MaxPool2dLayer(Node node) {
    super(node, Ops.MAX_POOL2D);
  }

  @Override
  public Tensor forward(ExecutionContext ctx, List<Tensor> inputs) {
    Tensor y = allocateOutput(ctx, inputs);
    ctx.backend().pool().maxPool2d(inputs.getFirst(), params(), y);
    return y;
  }

  /** The input, to find which cell won each window. */
  @Override
  public BackwardNeeds backwardNeeds() {
    return BackwardNeeds.INPUTS;
  }

  @Override
  public List<Tensor> backward(BackwardContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
    if (!ctx.needsInputGradient(0)) {
      return oneGradient(null);
    }
    Tensor x = inputs.getFirst();
    Tensor dx = ctx.allocate(x.shape());
    ctx.backend().pool().maxPool2dBackward(x, gradOutput, params(), dx);
    return oneGradient(dx);
  }
}
