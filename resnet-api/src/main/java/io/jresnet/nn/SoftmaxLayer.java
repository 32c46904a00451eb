package io.jresnet.nn;

import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.List;

/** {@link Ops#SOFTMAX} over the last axis, same shape out (class probabilities). No parameters; MACs: 0. */
public final class SoftmaxLayer extends BaseLayer {
  public SoftmaxLayer(Node node) {
    super(node, Ops.SOFTMAX);
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape x = single(inputs);
    if (x.rank() < 2) {
      throw error("softmax expects a batched input [N, ..., classes], got " + x);
    }
    return x;
  }

  @Override
  public Tensor forward(ExecutionContext ctx, List<Tensor> inputs) {
    Tensor y = allocateOutput(ctx, inputs);
    ctx.backend().elementwise().softmax(inputs.getFirst(), y);
    return y;
  }

  @Override
  public BackwardNeeds backwardNeeds() {
    return BackwardNeeds.NOTHING;
  }

  /**
   * Not supported: a softmax is trained through the fused, numerically stable softmax-cross-entropy on its logits,
   * so it has no backward of its own.
   */
  @Override
  public List<Tensor> backward(BackwardContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
    throw new UnsupportedOperationException(
        "node '" + name() + "': softmax has no backward; train on the logits instead: bind"
            + " graph.withoutFinalSoftmax() and use the fused softmax-cross-entropy loss");
  }
}
