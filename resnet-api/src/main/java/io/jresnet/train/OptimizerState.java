package io.jresnet.train;

import io.jresnet.io.HostTensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An optimizer's state on the host, for checkpoints ({@code optimizer.safetensors} holds the tensors, {@code
 * state.json} the step count).
 *
 * @param step the number of updates done so far (Adam's bias correction depends on it)
 * @param tensors per-parameter buffers named {@code <parameter>.<buffer>} with PyTorch's buffer names: {@code
 *     conv1.weight.momentum_buffer} (SGD with momentum), {@code fc.bias.exp_avg} and {@code fc.bias.exp_avg_sq}
 *     (Adam, AdamW); each has its parameter's canonical shape. Empty before the first step.
 */
public record OptimizerState(long step, Map<String, HostTensor> tensors) {
  public OptimizerState {
    if (step < 0) {
      throw new IllegalArgumentException("optimizer step count must be >= 0, got " + step);
    }
    Objects.requireNonNull(tensors, "tensors");
    tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
  }

  /** The state of an optimizer that has not stepped yet. */
  public static OptimizerState initial() {
    return new OptimizerState(0, Map.of());
  }
}
