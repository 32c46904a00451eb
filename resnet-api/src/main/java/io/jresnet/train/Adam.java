package io.jresnet.train;

/**
 * Adam as PyTorch's {@code torch.optim.Adam} (and Keras's {@code Adam} with the same epsilon): weight decay, if
 * any, is an L2 term added to the gradient before the moment estimates. For decoupled decay use {@link AdamW}.
 */
public final class Adam extends MomentOptimizer {
  public Adam(AdamParams params) {
    super("Adam", params, false);
  }
}
