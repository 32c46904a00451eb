package io.jresnet.models;

/** The pooling that ends the feature extractor (JSON field {@code head.pool}). */
public enum HeadPool implements JsonNamed {
  /** Averages each channel over the whole feature map: {@code [N, H, W, C] -> [N, C]}, for any input size. */
  GLOBAL_AVG("global_avg"),
  /** A fixed-size average pool with stride equal to its size (Keras {@code AveragePooling2D}), then flatten. */
  AVG("avg");

  private final String jsonName;

  HeadPool(String jsonName) {
    this.jsonName = jsonName;
  }

  @Override
  public String jsonName() {
    return jsonName;
  }
}
