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

  /** {@code <node>.weight} (gamma). */
  public String gammaName() {
    return parameterName("weight");
  }

  /** {@code <node>.bias} (beta). */
  public String betaName() {
    return parameterName("bias");
  }

  public String runningMeanName() {
    return parameterName("running_mean");
  }

  public String runningVarName() {
    return parameterName("running_var");
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

  /**
   * In {@link Mode#TRAIN}: normalises with the batch statistics, moves the running statistics by {@link
   * #momentum()}, and saves the batch mean and inverse standard deviation for backward; a fused ReLU runs in the
   * same kernel.
   */
  @Override
  public Tensor forward(ExecutionContext ctx, List<Tensor> inputs, boolean relu) {
    if (ctx.mode() == Mode.TRAIN) {
      return forwardTraining(ctx, inputs, relu);
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

  private Tensor forwardTraining(ExecutionContext ctx, List<Tensor> inputs, boolean relu) {
    Tensor x = inputs.getFirst();
    Shape channels = Shape.of(x.shape().dim(-1));
    Tensor savedMean = ctx.allocateSaved(channels);
    Tensor savedInvStd = ctx.allocateSaved(channels);
    Tensor y = allocateOutput(ctx, inputs);
    ctx.backend()
        .norm()
        .batchNormTraining(
            x,
            ctx.parameter(parameterName("weight")),
            ctx.parameter(parameterName("bias")),
            ctx.parameter(parameterName("running_mean")),
            ctx.parameter(parameterName("running_var")),
            (float) epsilon,
            (float) momentum,
            savedMean,
            savedInvStd,
            relu,
            y);
    return y;
  }

  /** The input, besides the batch mean and inverse standard deviation saved by the training forward. */
  @Override
  public BackwardNeeds backwardNeeds() {
    return BackwardNeeds.INPUTS;
  }

  /** Through the batch statistics; the input gradient overwrites {@code gradOutput} in place. */
  @Override
  public List<Tensor> backward(BackwardContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
    List<Tensor> saved = ctx.saved();
    ctx.backend()
        .norm()
        .batchNormBackward(
            gradOutput,
            inputs.getFirst(),
            ctx.parameter(parameterName("weight")),
            saved.get(0),
            saved.get(1),
            gradOutput,
            ctx.parameterGradient(parameterName("weight")),
            ctx.parameterGradient(parameterName("bias")));
    return oneGradient(ctx.needsInputGradient(0) ? gradOutput : null);
  }

  /** With a fused ReLU: the mask (the sign of {@code output}) is applied inside the batch-norm backward kernel. */
  @Override
  public List<Tensor> backward(
      BackwardContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput, boolean relu) {
    if (!relu) {
      return backward(ctx, inputs, null, gradOutput);
    }
    List<Tensor> saved = ctx.saved();
    ctx.backend()
        .norm()
        .batchNormReluBackward(
            output,
            gradOutput,
            inputs.getFirst(),
            ctx.parameter(parameterName("weight")),
            saved.get(0),
            saved.get(1),
            gradOutput,
            ctx.parameterGradient(parameterName("weight")),
            ctx.parameterGradient(parameterName("bias")));
    return oneGradient(ctx.needsInputGradient(0) ? gradOutput : null);
  }
}
