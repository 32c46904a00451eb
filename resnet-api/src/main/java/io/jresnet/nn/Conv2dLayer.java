package io.jresnet.nn;

import io.jresnet.ShapeException;
import io.jresnet.backend.Conv2dParams;
import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.nn.ParameterSpec.Role;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.List;

/**
 * {@link Ops#CONV2D}: {@code [N, H, W, Cin] -> [N, OH, OW, filters]}, where Cin comes from the input shape.
 * Parameters: {@code <node>.weight} HWIO {@code [kh, kw, Cin/groups, filters]} and, when {@code bias} is set,
 * {@code <node>.bias [filters]}. MACs: {@code N·OH·OW·filters·(kh·kw·Cin/groups)}. The forward pass uses the
 * weight the backend prepared at bind time ({@link ExecutionContext#prepared}).
 */
public final class Conv2dLayer extends BaseLayer {
  private final int filters;
  private final boolean bias;
  private final Conv2dParams params;

  public Conv2dLayer(Node node) {
    super(node, Ops.CONV2D);
    this.filters = integer("filters");
    this.bias = flag("bias");
    int[] kernel = ints("kernel");
    int[] stride = ints("stride");
    int[] padding = ints("padding");
    int[] dilation = ints("dilation");
    this.params =
        new Conv2dParams(
            kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], padding[2], padding[3],
            dilation[0], dilation[1], integer("groups"));
  }

  public int filters() {
    return filters;
  }

  public boolean hasBias() {
    return bias;
  }

  /** Kernel, stride, padding, dilation and groups, as the backend takes them. */
  public Conv2dParams params() {
    return params;
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
    Shape x = singleNhwc(inputs);
    int channels = x.dim(3);
    int groups = params.groups();
    if (channels % groups != 0) {
      throw error("conv2d with groups=" + groups + " needs input channels divisible by " + groups + ", got "
          + channels + " channels in input " + x);
    }
    if (filters % groups != 0) {
      throw error("conv2d with groups=" + groups + " needs filters divisible by " + groups + ", got filters="
          + filters);
    }
    int outH = params.outputH(x.dim(1));
    int outW = params.outputW(x.dim(2));
    requireWindowFits(
        x, outH, outW, this::window, params.padTop(), params.padBottom(), params.padLeft(), params.padRight());
    return Shape.nhwc(x.dim(0), outH, outW, filters);
  }

  private String window() {
    String kernel = params.kernelH() + "x" + params.kernelW() + " window";
    if (params.dilationH() == 1 && params.dilationW() == 1) {
      return kernel;
    }
    return kernel + " with dilation " + params.dilationH() + "x" + params.dilationW() + " (spanning "
        + (params.dilationH() * (params.kernelH() - 1) + 1) + "x" + (params.dilationW() * (params.kernelW() - 1) + 1)
        + ")";
  }

  @Override
  public List<ParameterSpec> parameters(List<Shape> inputs) {
    outputShape(inputs);
    int inPerGroup = inputs.getFirst().dim(3) / params.groups();
    var weight =
        new ParameterSpec(
            weightName(), Shape.of(params.kernelH(), params.kernelW(), inPerGroup, filters), Role.CONV_WEIGHT);
    return bias ? List.of(weight, new ParameterSpec(biasName(), Shape.of(filters), Role.BIAS)) : List.of(weight);
  }

  @Override
  public long macs(List<Shape> inputs) {
    Shape y = outputShape(inputs);
    long perOutput = (long) params.kernelH() * params.kernelW() * (inputs.getFirst().dim(3) / params.groups());
    return y.elementCount() * perOutput;
  }

  @Override
  ShapeException parameterMismatch(ParameterSpec expected, Shape actual, List<Shape> inputs) {
    Shape x = inputs.getFirst();
    if (expected.name().equals(weightName()) && actual.rank() == 4 && actual.dim(2) != expected.shape().dim(2)) {
      return error("conv2d expects " + actual.dim(2) * params.groups() + " input channels (from its weight "
          + weightName() + " " + actual + "), got " + x.dim(3) + " in input " + x);
    }
    return super.parameterMismatch(expected, actual, inputs);
  }

  /**
   * Uses {@link ExecutionContext#prepared} for the weight: the bind-time layout in evaluation, the raw HWIO weight
   * in training (whose weights change every step).
   */
  @Override
  public Tensor forward(ExecutionContext ctx, List<Tensor> inputs) {
    Tensor y = allocateOutput(ctx, inputs);
    Tensor b = bias ? ctx.parameter(biasName()) : null;
    ctx.backend().conv().conv2d(inputs.getFirst(), ctx.prepared(weightName()), b, params, null, false, y);
    return y;
  }

  /**
   * Evaluation with what an inference plan fused in: {@code y = act(conv(x, weight) + bias + residual)} in one
   * kernel call, the output allocated through {@code ctx}.
   *
   * @param weight this conv's weight as the plan prepared it (e.g. with a batch-norm folded in)
   * @param bias {@code [filters]}, or null
   * @param residual of the output's shape, or null
   */
  Tensor forwardFused(ExecutionContext ctx, Tensor x, Tensor weight, Tensor bias, Tensor residual, boolean relu) {
    Tensor y = allocateOutput(ctx, x);
    ctx.backend().conv().conv2d(x, weight, bias, params, residual, relu, y);
    return y;
  }

  /** The input, for the weight gradient. */
  @Override
  public BackwardNeeds backwardNeeds() {
    return BackwardNeeds.INPUTS;
  }

  /** Weight (and bias) gradients from the input; the input gradient from the raw HWIO weight. */
  @Override
  public List<Tensor> backward(BackwardContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
    Tensor x = inputs.getFirst();
    Tensor dBias = bias ? ctx.parameterGradient(biasName()) : null;
    ctx.backend().conv().conv2dBackwardFilter(x, gradOutput, params, ctx.parameterGradient(weightName()), dBias);
    if (!ctx.needsInputGradient(0)) {
      return oneGradient(null);
    }
    Tensor dx = ctx.allocate(x.shape());
    ctx.backend().conv().conv2dBackwardData(gradOutput, ctx.parameter(weightName()), params, dx);
    return oneGradient(dx);
  }
}
