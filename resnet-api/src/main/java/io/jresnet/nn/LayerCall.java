package io.jresnet.nn;

import io.jresnet.tensor.Tensor;
import java.util.List;

/**
 * A layer run on its own, with the ReLU after it fused into its kernel when it is {@link ReluFusable} and the plan
 * chose to.
 *
 * @param layer the node's layer
 * @param relu the fused ReLU, or null
 */
record LayerCall(Layer layer, ReluLayer relu) implements StepKernel {
  LayerCall {
    if (relu != null && !(layer instanceof ReluFusable)) {
      throw new IllegalArgumentException("node '" + layer.node().name() + "' cannot apply a ReLU in its kernel");
    }
  }

  @Override
  public Tensor run(ForwardPass pass, List<Tensor> inputs) {
    return relu != null ? ((ReluFusable) layer).forward(pass, inputs, true) : layer.forward(pass, inputs);
  }

  @Override
  public String describe() {
    return relu == null ? layer.node().name() : layer.node().name() + "+" + relu.name();
  }
}
