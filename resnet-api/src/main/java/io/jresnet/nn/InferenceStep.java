package io.jresnet.nn;

import java.util.List;

/**
 * One kernel call of an {@link InferencePlan}.
 *
 * @param kernel what runs
 * @param inputs names of the values it reads, in the order the kernel takes them
 * @param output the name its result is stored under: the last node fused into it (e.g. the ReLU's)
 * @param freeAfter values no later step reads, whose buffers go back to the arena once this step is done
 * @param inputSlots where a {@link ForwardPass} holds each of {@code inputs} (slot 0: the graph input; step
 *     {@code i}'s output: slot {@code i + 1}), so that a forward looks values up by index, allocating nothing
 * @param freeSlots the slots of {@code freeAfter}, in its order
 */
record InferenceStep(
    StepKernel kernel, List<String> inputs, String output, List<String> freeAfter, int[] inputSlots,
    int[] freeSlots) {
  InferenceStep {
    inputs = List.copyOf(inputs);
    freeAfter = List.copyOf(freeAfter);
    if (inputSlots.length != inputs.size() || freeSlots.length != freeAfter.size()) {
      throw new IllegalArgumentException(
          "step " + kernel.describe() + ": " + inputSlots.length + " input slots for " + inputs.size() + " inputs, "
              + freeSlots.length + " free slots for " + freeAfter.size() + " freed values");
    }
    inputSlots = inputSlots.clone();
    freeSlots = freeSlots.clone();
  }
}
