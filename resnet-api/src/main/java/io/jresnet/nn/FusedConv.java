package io.jresnet.nn;

import io.jresnet.tensor.Tensor;
import java.util.List;

/**
 * A conv with everything an inference plan fused into its epilogue: the batch-norm folded into its weight and bias,
 * the residual add, and the ReLU, in one {@link io.jresnet.backend.ConvKernels#conv2d} call. Inputs: the conv's
 * input, then the residual when {@code residual} is set.
 *
 * @param conv the conv node's layer
 * @param batchNorm the batch-norm folded into it, or null
 * @param add the add whose other input comes in as the residual, or null
 * @param relu the ReLU applied last, or null
 */
record FusedConv(Conv2dLayer conv, BatchNormLayer batchNorm, AddLayer add, ReluLayer relu) implements StepKernel {
  boolean residual() {
    return add != null;
  }

  @Override
  public Tensor run(ForwardPass pass, List<Tensor> inputs) {
    PreparedWeights.ConvWeights w = pass.convWeights(conv.name());
    Tensor residual = add == null ? null : inputs.get(1);
    return conv.forwardFused(pass, inputs.getFirst(), w.weight(), w.bias(), residual, relu != null);
  }

  @Override
  public String describe() {
    StringBuilder s = new StringBuilder(conv.name());
    if (batchNorm != null) {
      s.append('+').append(batchNorm.name());
    }
    if (add != null) {
      s.append('+').append(add.name());
    }
    if (relu != null) {
      s.append('+').append(relu.name());
    }
    return s.toString();
  }
}
