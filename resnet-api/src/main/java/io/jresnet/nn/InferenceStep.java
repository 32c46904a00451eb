package io.jresnet.nn;

import java.util.List;

/**
 * One kernel call of an {@link InferencePlan}.
 *
 * @param kernel what runs
 * @param inputs names of the values it reads, in the order the kernel takes them
 * @param output the name its result is stored under: the last node fused into it (e.g. the ReLU's)
 * @param freeAfter values no later step reads, whose buffers go back to the arena once this step is done
 */
record InferenceStep(StepKernel kernel, List<String> inputs, String output, List<String> freeAfter) {
  InferenceStep {
    inputs = List.copyOf(inputs);
    freeAfter = List.copyOf(freeAfter);
  }
}
