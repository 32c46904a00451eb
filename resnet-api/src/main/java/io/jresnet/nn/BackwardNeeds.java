package io.jresnet.nn;

/**
 * What a layer's backward reads from its forward pass, so that a training forward keeps exactly those values alive
 * and frees the rest as soon as no later node reads them. Shapes are always known; only values are kept.
 */
public enum BackwardNeeds {
  /** Nothing but shapes (add, average pooling, padding, flatten). */
  NOTHING(false, false),
  /** The forward inputs (conv and dense for their weight gradient, batch-norm, max pooling). */
  INPUTS(true, false),
  /** The forward output (ReLU, whose output has the sign of its input). */
  OUTPUT(false, true),
  /** The forward inputs and output (a batch-norm with its ReLU fused in: the output is the ReLU's mask). */
  INPUTS_AND_OUTPUT(true, true);

  private final boolean inputs;
  private final boolean output;

  BackwardNeeds(boolean inputs, boolean output) {
    this.inputs = inputs;
    this.output = output;
  }

  public boolean inputs() {
    return inputs;
  }

  public boolean output() {
    return output;
  }

  /** These needs plus the forward output. */
  public BackwardNeeds withOutput() {
    return inputs ? INPUTS_AND_OUTPUT : OUTPUT;
  }
}
