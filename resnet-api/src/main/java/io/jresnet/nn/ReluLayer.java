package io.jresnet.nn;

import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.List;

/** {@link Ops#RELU}: {@code max(x, 0)}, any shape. No parameters; MACs: 0. */
public final class ReluLayer extends BaseLayer {
  public ReluLayer(Node node) {
    super(node, Ops.RELU);
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    return single(inputs);
  }

  @Override
  public Tensor forward(ExecutionContext ctx, List<Tensor> inputs) {
    Tensor y = allocateOutput(ctx, inputs);
    ctx.backend().elementwise().relu(inputs.getFirst(), y);
    return y;
  }

  /** The output, whose sign is the input's: the input can be freed as soon as forward no longer reads it. */
  @Override
  public BackwardNeeds backwardNeeds() {
    return BackwardNeeds.OUTPUT;
  }

  /** Masks the gradient in place. */
  @Override
  public List<Tensor> backward(BackwardContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
    if (!ctx.needsInputGradient(0)) {
      return oneGradient(null);
    }
    ctx.backend().elementwise().reluBackward(output, gradOutput, gradOutput);
    return oneGradient(gradOutput);
  }
}
