package io.jresnet.nn;

import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.List;

/** {@link Ops#GLOBAL_AVG_POOL}: the mean over H and W, {@code [N, H, W, C] -> [N, C]}. No parameters; MACs: 0. */
public final class GlobalAvgPoolLayer extends BaseLayer {
  public GlobalAvgPoolLayer(Node node) {
    super(node, Ops.GLOBAL_AVG_POOL);
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape x = singleNhwc(inputs);
    return Shape.of(x.dim(0), x.dim(3));
  }

  @Override
  public Tensor forward(ExecutionContext ctx, List<Tensor> inputs) {
    Tensor y = allocateOutput(ctx, inputs);
    ctx.backend().pool().globalAvgPool(inputs.getFirst(), y);
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
    ctx.backend().pool().globalAvgPoolBackward(gradOutput, dx);
    return oneGradient(dx);
  }
}
