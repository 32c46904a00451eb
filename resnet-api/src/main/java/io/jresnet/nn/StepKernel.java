package io.jresnet.nn;

import io.jresnet.tensor.Tensor;
import java.util.List;

/** What one step of an {@link InferencePlan} runs: a conv with what was fused into it, or a plain layer call. */
sealed interface StepKernel permits FusedConv, LayerCall {
  /**
   * Computes the step's output, allocated through {@code pass}.
   *
   * @param inputs the values named by {@link InferenceStep#inputs()}, in that order
   */
  Tensor run(ForwardPass pass, List<Tensor> inputs);

  /** The nodes this kernel computes: the one it runs, then those fused into it (e.g. {@code conv1+bn1+relu}). */
  String describe();
}
