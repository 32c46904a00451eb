package io.jresnet.models;

/** The pooling of the stem (JSON field {@code stem.pool.type}). */
public enum PoolType implements JsonNamed {
  MAX("max"),
  AVG("avg");

  private final String jsonName;

  PoolType(String jsonName) {
    this.jsonName = jsonName;
  }

  @Override
  public String jsonName() {
    return jsonName;
  }
}
