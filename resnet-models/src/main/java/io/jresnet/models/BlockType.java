package io.jresnet.models;

/** The residual block of every stage (JSON field {@code block}). */
public enum BlockType implements JsonNamed {
  /** Two 3x3 convolutions (ResNet-18/34, the CIFAR ResNets); the expansion is 1. */
  BASIC("basic"),
  /** 1x1 reduce, 3x3, 1x1 expand (ResNet-50 and deeper); the expansion is usually 4. */
  BOTTLENECK("bottleneck");

  private final String jsonName;

  BlockType(String jsonName) {
    this.jsonName = jsonName;
  }

  @Override
  public String jsonName() {
    return jsonName;
  }
}
