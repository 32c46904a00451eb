package io.jresnet.train;

import java.util.List;

/**
 * Updates trainable parameters from their gradients, on their backend ({@link
 * io.jresnet.backend.Backend#optimizer()}), with a learning rate given per step so that any {@link LrSchedule} can
 * drive it. Parameters whose role is not trainable (batch-norm running statistics) are skipped.
 *
 * <p>An optimizer is bound to the set of parameter names it first steps (or {@link #load loads}); later steps must
 * pass the same names, in any order. It owns its buffers (momentum, moment estimates) on the parameters' backend:
 * close it to free them.
 */
public interface Optimizer extends AutoCloseable {
  /**
   * One update of every trainable parameter from its current gradient.
   *
   * @param lr the learning rate for this step, finite and {@code >= 0}
   * @throws IllegalArgumentException naming the parameter at fault (no gradient, a gradient of another shape, a
   *     duplicate name, a name unknown to this optimizer or one missing since the first step); nothing is updated
   */
  void step(List<? extends TrainableParameter> parameters, float lr);

  /** The number of {@link #step} calls so far, including those restored by {@link #load}. */
  long stepCount();

  /** A host copy of the buffers and the step count, for a checkpoint. */
  OptimizerState state();

  /**
   * Restores buffers and step count from a checkpoint, binding this optimizer to {@code parameters}' trainable
   * ones; buffers are uploaded to the parameters' backend. A state with step 0 must be empty and leaves this
   * optimizer as new.
   *
   * @throws io.jresnet.WeightsException listing every buffer that is missing, unexpected or of the wrong shape
   *     (for instance the state of another kind of optimizer); nothing changes then
   */
  void load(List<? extends TrainableParameter> parameters, OptimizerState state);

  /** Frees the buffers; idempotent. */
  @Override
  void close();
}
