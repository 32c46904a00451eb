package io.jresnet.models;

/** The activation after the classifier (JSON field {@code head.activation}). */
public enum Activation implements JsonNamed {
  /** The model returns logits (torchvision). */
  NONE("none"),
  /** The model returns probabilities (the Keras notebook). */
  SOFTMAX("softmax");

  private final String jsonName;

  Activation(String jsonName) {
    this.jsonName = jsonName;
  }

  @Override
  public String jsonName() {
    return jsonName;
  }
}
