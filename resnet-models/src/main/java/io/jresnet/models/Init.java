package io.jresnet.models;

/** How trainable weights are initialised before training (JSON field {@code init}). */
public enum Init implements JsonNamed {
  /** Kaiming normal, fan-out, as torchvision initialises ResNet convolutions. */
  HE_NORMAL("he_normal"),
  /** Glorot (Xavier) uniform, the Keras default. */
  GLOROT_UNIFORM("glorot_uniform");

  private final String jsonName;

  Init(String jsonName) {
    this.jsonName = jsonName;
  }

  @Override
  public String jsonName() {
    return jsonName;
  }
}
