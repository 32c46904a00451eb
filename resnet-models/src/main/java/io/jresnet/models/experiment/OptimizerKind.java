package io.jresnet.models.experiment;

import io.jresnet.models.JsonNamed;

/** The optimizer of an experiment, spelled in JSON as {@link #jsonName()}; all follow PyTorch's definitions. */
public enum OptimizerKind implements JsonNamed {
  /** {@code torch.optim.SGD}: momentum, Nesterov, L2 weight decay. */
  SGD("sgd"),
  /** {@code torch.optim.Adam}: weight decay added to the gradient (L2). */
  ADAM("adam"),
  /** {@code torch.optim.AdamW}: decoupled weight decay. */
  ADAMW("adamw");

  private final String jsonName;

  OptimizerKind(String jsonName) {
    this.jsonName = jsonName;
  }

  @Override
  public String jsonName() {
    return jsonName;
  }
}
