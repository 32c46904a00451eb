package io.jresnet.models.experiment;

import io.jresnet.train.Adam;
import io.jresnet.train.AdamParams;
import io.jresnet.train.AdamW;
import io.jresnet.train.Optimizer;
import io.jresnet.train.Sgd;
import io.jresnet.train.SgdParams;

/** Builds the {@link Optimizer} an {@link OptimizerSpec} names. */
public final class Optimizers {
  private Optimizers() {}

  /** A fresh optimizer (no buffers yet); the learning rate comes from the schedule at each step. */
  public static Optimizer create(OptimizerSpec spec) {
    boolean skipDecay = !spec.decayNormAndBias();
    return switch (spec.kind()) {
      case SGD ->
          new Sgd(new SgdParams((float) spec.momentum(), (float) spec.weightDecay(), spec.nesterov(), skipDecay));
      case ADAM -> new Adam(adamParams(spec, skipDecay));
      case ADAMW -> new AdamW(adamParams(spec, skipDecay));
    };
  }

  private static AdamParams adamParams(OptimizerSpec spec, boolean skipDecay) {
    return new AdamParams(
        (float) spec.beta1(), (float) spec.beta2(), (float) spec.epsilon(), (float) spec.weightDecay(), skipDecay);
  }
}
