package io.jresnet.train;

import io.jresnet.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Adam and AdamW: first- and second-moment buffers per parameter ({@code <parameter>.exp_avg} and {@code
 * <parameter>.exp_avg_sq} in the state, PyTorch's names), bias-corrected with the step count, through the backend's
 * {@link io.jresnet.backend.OptimizerKernels#adam} kernel. They differ only in how weight decay applies.
 */
abstract sealed class MomentOptimizer extends BufferedOptimizer permits Adam, AdamW {
  private final AdamParams params;
  private final boolean decoupled;

  MomentOptimizer(String kind, AdamParams params, boolean decoupled) {
    super(
        kind,
        List.of("exp_avg", "exp_avg_sq"),
        Objects.requireNonNull(params, "params").weightDecay(),
        params.skipDecayOnNormAndBias());
    this.params = params;
    this.decoupled = decoupled;
  }

  public final AdamParams params() {
    return params;
  }

  @Override
  final void update(TrainableParameter p, Tensor[] buffers, float lr, float weightDecay, long step) {
    p.value()
        .backend()
        .optimizer()
        .adam(
            p.value(),
            p.gradient(),
            buffers[0],
            buffers[1],
            lr,
            params.beta1(),
            params.beta2(),
            params.epsilon(),
            weightDecay,
            decoupled,
            step);
  }
}
