package io.jresnet.train;

/**
 * The learning rate as a function of the optimizer step, so that a resumed run gets the same rates from its step
 * count alone. Epoch-based schedules are given the number of steps per epoch and change only at epoch boundaries,
 * as PyTorch's schedulers stepped once per epoch do.
 *
 * <p>Implementations: {@link ConstantLr}, {@link StepLr}, {@link MultiStepLr}, {@link CosineLr}, {@link
 * LinearWarmup} (wrapping any other) and {@link OneCycleLr}.
 */
public interface LrSchedule {
  /**
   * The rate for one step.
   *
   * @param step the 0-based optimizer step, counted over the whole run (not reset at epochs)
   * @throws IllegalArgumentException if {@code step < 0}
   */
  double lr(long step);
}
