package io.jresnet.train;

import io.jresnet.tensor.Tensor;
import java.util.List;
import java.util.Objects;

/**
 * Stochastic gradient descent as PyTorch's {@code torch.optim.SGD}: weight decay added to the gradient, optional
 * (Nesterov) momentum with one velocity buffer per parameter ({@code <parameter>.momentum_buffer} in the state),
 * through the backend's {@link io.jresnet.backend.OptimizerKernels#sgd} kernel.
 */
public final class Sgd extends BufferedOptimizer {
  private final SgdParams params;

  public Sgd(SgdParams params) {
    super(
        "SGD",
        Objects.requireNonNull(params, "params").momentum() > 0 ? List.of("momentum_buffer") : List.of(),
        params.weightDecay(),
        params.skipDecayOnNormAndBias());
    this.params = params;
  }

  public SgdParams params() {
    return params;
  }

  @Override
  void update(TrainableParameter p, Tensor[] buffers, float lr, float weightDecay, long step) {
    Tensor velocity = buffers.length == 0 ? null : buffers[0];
    p.value()
        .backend()
        .optimizer()
        .sgd(p.value(), p.gradient(), velocity, lr, params.momentum(), weightDecay, params.nesterov());
  }
}
