package io.jresnet.nn;

import io.jresnet.tensor.Shape;

/**
 * A parameter a layer needs: full name (torchvision naming, e.g. {@code layer1.0.conv1.weight}), shape in the
 * canonical layout (conv HWIO, dense {@code [in, out]}) and role, from which trainability and initialisation follow.
 */
public record ParameterSpec(String name, Shape shape, Role role) {
  public enum Role {
    CONV_WEIGHT(true),
    DENSE_WEIGHT(true),
    BIAS(true),
    BN_GAMMA(true),
    BN_BETA(true),
    /** A buffer updated by training-mode forward passes, never by the optimizer (non-trainable, as in Keras). */
    BN_RUNNING_MEAN(false),
    BN_RUNNING_VAR(false);

    private final boolean trainable;

    Role(boolean trainable) {
      this.trainable = trainable;
    }

    public boolean trainable() {
      return trainable;
    }
  }

  public boolean trainable() {
    return role.trainable();
  }
}
