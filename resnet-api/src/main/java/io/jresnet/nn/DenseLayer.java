package io.jresnet.nn;

import io.jresnet.ShapeException;
import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.nn.ParameterSpec.Role;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.List;

/**
 * {@link Ops#DENSE}: {@code y = x · weight + bias}, {@code [N, in] -> [N, units]}. Parameters:
 * {@code <node>.weight [in, units]} and, unless {@code bias} is false, {@code <node>.bias [units]}. MACs:
 * {@code N·in·units}.
 */
public final class DenseLayer extends BaseLayer {
  private final int units;
  private final boolean bias;

  public DenseLayer(Node node) {
    super(node, Ops.DENSE);
    this.units = integer("units");
    this.bias = flag("bias");
  }

  public int units() {
    return units;
  }

  public boolean hasBias() {
    return bias;
  }

  public String weightName() {
    return parameterName("weight");
  }

  /** The bias parameter's name (whether or not the node has one). */
  public String biasName() {
    return parameterName("bias");
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape x = single(inputs);
    if (x.rank() != 2) {
      throw error("dense expects a [N, features] input, got " + x
          + "; put a flatten or global_avg_pool node before it");
    }
    return Shape.of(x.dim(0), units);
  }

  @Override
  public List<ParameterSpec> parameters(List<Shape> inputs) {
    int in = single(inputs).dim(-1);
    outputShape(inputs);
    var weight = new ParameterSpec(weightName(), Shape.of(in, units), Role.DENSE_WEIGHT);
    return bias ? List.of(weight, new ParameterSpec(biasName(), Shape.of(units), Role.BIAS)) : List.of(weight);
  }

  @Override
  public long macs(List<Shape> inputs) {
    Shape x = single(inputs);
    outputShape(inputs);
    return x.elementCount() * units;
  }

  @Override
  ShapeException parameterMismatch(ParameterSpec expected, Shape actual, List<Shape> inputs) {
    Shape x = inputs.getFirst();
    if (expected.name().equals(weightName()) && actual.rank() == 2 && actual.dim(0) != expected.shape().dim(0)) {
      return error("dense expects " + actual.dim(0) + " input features (from its weight " + weightName() + " "
          + actual + "), got " + x.dim(-1) + " in input " + x);
    }
    return super.parameterMismatch(expected, actual, inputs);
  }

  @Override
  public Tensor forward(ExecutionContext ctx, List<Tensor> inputs) {
    Tensor y = allocateOutput(ctx, inputs);
    Tensor b = bias ? ctx.parameter(biasName()) : null;
    ctx.backend().dense().dense(inputs.getFirst(), ctx.parameter(weightName()), b, y);
    return y;
  }

  /** The input, for the weight gradient. */
  @Override
  public BackwardNeeds backwardNeeds() {
    return BackwardNeeds.INPUTS;
  }

  @Override
  public List<Tensor> backward(BackwardContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
    Tensor x = inputs.getFirst();
    Tensor dBias = bias ? ctx.parameterGradient(biasName()) : null;
    ctx.backend().dense().denseBackwardWeight(x, gradOutput, ctx.parameterGradient(weightName()), dBias);
    if (!ctx.needsInputGradient(0)) {
      return oneGradient(null);
    }
    Tensor dx = ctx.allocate(x.shape());
    ctx.backend().dense().denseBackwardData(gradOutput, ctx.parameter(weightName()), dx);
    return oneGradient(dx);
  }
}
