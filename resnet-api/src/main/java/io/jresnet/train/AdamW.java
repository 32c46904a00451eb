package io.jresnet.train;

/**
 * AdamW as PyTorch's {@code torch.optim.AdamW}: the parameter first shrinks by {@code lr * weightDecay}, apart from
 * the moment estimates, then takes the Adam step. PyTorch's default decay for AdamW is 0.01.
 */
public final class AdamW extends MomentOptimizer {
  public AdamW(AdamParams params) {
    super("AdamW", params, true);
  }
}
