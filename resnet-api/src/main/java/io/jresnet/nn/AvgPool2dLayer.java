package io.jresnet.nn;

import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.tensor.Tensor;
import java.util.List;

/**
 * {@link Ops#AVG_POOL2D}: the mean of each window, {@code [N, H, W, C] -> [N, OH, OW, C]}; padded cells count in
 * the divisor iff {@code count_padding} (default true, as PyTorch; Keras 'same' pooling sets it false). The stride
 * defaults to the kernel. No parameters; MACs: 0.
 */
public final class AvgPool2dLayer extends Pool2dLayer {
  public AvgPool2dLayer(Node node) {
    super(node, Ops.AVG_POOL2D);
  }

  @Override
  public Tensor forward(ExecutionContext ctx, List<Tensor> inputs) {
    Tensor y = allocateOutput(ctx, inputs);
    ctx.backend().pool().avgPool2d(inputs.getFirst(), params(), y);
    return y;
  }

  @Override
  public BackwardNeeds backwardNeeds() {
    return BackwardNeeds.NOTHING;
  }

  @Override
  public List<Tensor> backward(BackwardContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
    if (!ctx.needsInputGradient(0)) {
      return oneGradient(null);
    }
    Tensor dx = ctx.allocate(ctx.inputShapes().getFirst());
    ctx.backend().pool().avgPool2dBackward(gradOutput, params(), dx);
    return oneGradient(dx);
  }
}
