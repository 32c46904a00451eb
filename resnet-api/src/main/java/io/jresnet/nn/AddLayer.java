package io.jresnet.nn;

import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/** {@link Ops#ADD}: the elementwise sum of two inputs of equal shape (a residual join). No parameters; MACs: 0. */
public final class AddLayer extends BaseLayer implements ReluFusable {
  public AddLayer(Node node) {
    super(node, Ops.ADD);
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    if (inputs.size() != 2) {
      throw error("add takes 2 inputs, got " + inputs.size() + " " + inputs);
    }
    Shape a = inputs.get(0);
    Shape b = inputs.get(1);
    if (!a.equals(b)) {
      List<String> names = node().inputs();
      throw error("inputs must have equal shapes, got " + a + " ('" + names.get(0) + "') and " + b + " ('"
          + names.get(1) + "')");
    }
    return a;
  }

  @Override
  public Tensor forward(ExecutionContext ctx, List<Tensor> inputs, boolean relu) {
    Tensor y = allocateOutput(ctx, inputs);
    ctx.backend().elementwise().add(inputs.get(0), inputs.get(1), relu, y);
    return y;
  }

  @Override
  public BackwardNeeds backwardNeeds() {
    return BackwardNeeds.NOTHING;
  }

  /** Both inputs get the output's gradient: the first takes {@code gradOutput} itself, the second a copy. */
  @Override
  public List<Tensor> backward(BackwardContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
    boolean first = ctx.needsInputGradient(0);
    boolean second = ctx.needsInputGradient(1);
    Tensor db = null;
    if (second && first) {
      db = ctx.allocate(gradOutput.shape());
      ctx.backend().elementwise().copy(gradOutput, db);
    } else if (second) {
      db = gradOutput;
    }
    return Arrays.asList(first ? gradOutput : null, db);
  }
}
