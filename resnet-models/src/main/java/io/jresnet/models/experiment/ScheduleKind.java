package io.jresnet.models.experiment;

import io.jresnet.models.JsonNamed;

/** How the learning rate changes over training, spelled in JSON as {@link #jsonName()}. */
public enum ScheduleKind implements JsonNamed {
  /** The optimizer's {@code lr} throughout. */
  CONSTANT("constant"),
  /** Multiplied by {@code gamma} every {@code step_epochs} epochs. */
  STEP("step"),
  /** Multiplied by {@code gamma} at each epoch in {@code milestones}. */
  MULTI_STEP("multi_step"),
  /** Cosine annealing from {@code lr} to {@code min_lr} over the run. */
  COSINE("cosine"),
  /** One-cycle: up from {@code lr / div_factor} to {@code lr} over {@code pct_start} of the run, then down. */
  ONE_CYCLE("one_cycle");

  private final String jsonName;

  ScheduleKind(String jsonName) {
    this.jsonName = jsonName;
  }

  @Override
  public String jsonName() {
    return jsonName;
  }
}
