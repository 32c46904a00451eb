package io.jresnet.nn;

import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.nn.ParameterSpec.Role;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.List;

/**
 * {@link Ops#BATCH_NORM} over the last (channel) axis: {@code [..., C] -> [..., C]}. Parameters, torchvision names:
 * {@code <node>.weight} (gamma), {@code <node>.bias} (beta), {@code <node>.running_mean} and
 * {@code <node>.running_var}, each {@code [C]}; the running statistics are non-trainable. MACs: 0 (it is counted
 * as elementwise work, as in the usual ResNet MAC figures).
 */
public final class BatchNormLayer extends BaseLayer implements ReluFusable {
  private final double epsilon;
  private final double momentum;

  public BatchNormLayer(Node node) {
    super(node, Ops.BATCH_NORM);
    this.epsilon = number("epsilon");
    this.momentum = number("momentum");
  }

  public double epsilon() {
    return epsilon;
  }

  /** Weight of the new batch in running-statistics updates (PyTorch convention), for training. */
  public double momentum() {
    return momentum;
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape x = single(inputs);
    if (x.rank() < 2) {
      throw error("batch_norm expects a channels-last input [N, ..., C], got " + x);
    }
    return x;
  }

  @Override
  public List<ParameterSpec> parameters(List<Shape> inputs) {
    Shape c = Shape.of(outputShape(inputs).dim(-1));
    return List.of(
        new ParameterSpec(parameterName("weight"), c, Role.BN_GAMMA),
        new ParameterSpec(parameterName("bias"), c, Role.BN_BETA),
        new ParameterSpec(parameterName("running_mean"), c, Role.BN_RUNNING_MEAN),
        new ParameterSpec(parameterName("running_var"), c, Role.BN_RUNNING_VAR));
  }

  @Override
  public Tensor forward(ExecutionContext ctx, List<Tensor> inputs, boolean relu) {
    if (ctx.mode() == Mode.TRAIN) {
      throw new UnsupportedOperationException(
          "node '" + name() + "': batch_norm in TRAIN mode (batch statistics, running-statistics update) arrives"
              + " with the training backend kernels; run the model in Mode.EVAL");
    }
    Tensor y = allocateOutput(ctx, inputs);
    ctx.backend()
        .norm()
        .batchNormInference(
            inputs.getFirst(),
            ctx.parameter(parameterName("weight")),
            ctx.parameter(parameterName("bias")),
            ctx.parameter(parameterName("running_mean")),
            ctx.parameter(parameterName("running_var")),
            (float) epsilon,
            relu,
            y);
    return y;
  }
}
