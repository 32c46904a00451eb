package io.jresnet.models;

/**
 * One stage ({@code layer1} ... {@code layerN}): a run of residual blocks of the same width.
 *
 * @param blocks number of residual blocks
 * @param filters width of the block's inner convolutions; the block outputs {@code filters * expansion} channels
 * @param stride stride of the stage's first block (1 keeps the resolution, 2 halves it)
 */
public record StageSpec(int blocks, int filters, int stride) {
  public StageSpec {
    if (blocks < 1 || filters < 1 || stride < 1) {
      throw new IllegalArgumentException(
          "a stage needs blocks, filters, stride >= 1, got blocks="
              + blocks + " filters=" + filters + " stride=" + stride);
    }
  }
}
