package io.jresnet.nn;

import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.List;

/**
 * {@link Ops#FLATTEN}: {@code [N, d1, ..., dk] -> [N, d1·...·dk]} in row-major (NHWC) order, as Keras' Flatten on
 * channels-last data. No parameters; MACs: 0.
 */
public final class FlattenLayer extends BaseLayer {
  public FlattenLayer(Node node) {
    super(node, Ops.FLATTEN);
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape x = single(inputs);
    if (x.rank() < 2) {
      throw error("flatten expects a batched input [N, ...], got " + x);
    }
    int batch = x.dim(0);
    long features = batch == 0 ? 0 : x.elementCount() / batch;
    if (features > Integer.MAX_VALUE) {
      throw error("flatten of " + x + " gives " + features + " features per sample, more than 2^31-1");
    }
    return Shape.of(batch, (int) features);
  }

  @Override
  public Tensor forward(ExecutionContext ctx, List<Tensor> inputs) {
    Tensor y = allocateOutput(ctx, inputs);
    ctx.backend().elementwise().copy(inputs.getFirst(), y);
    return y;
  }

  @Override
  public BackwardNeeds backwardNeeds() {
    return BackwardNeeds.NOTHING;
  }

  /** The gradient, reshaped back to the input's shape (same row-major order). */
  @Override
  public List<Tensor> backward(BackwardContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
    if (!ctx.needsInputGradient(0)) {
      return oneGradient(null);
    }
    Tensor dx = ctx.allocate(ctx.inputShapes().getFirst());
    ctx.backend().elementwise().copy(gradOutput, dx);
    return oneGradient(dx);
  }
}
