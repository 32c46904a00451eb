package io.jresnet.backend;

import io.jresnet.tensor.Tensor;

/** Pooling kernels over NHWC tensors. */
public interface PoolKernels {
  /** Max over each window; padded cells never win. {@code y} is {@code [N, OH, OW, C]}. */
  void maxPool2d(Tensor x, Pool2dParams params, Tensor y);

  /** Mean over each window; padded cells count in the divisor iff {@link Pool2dParams#countPadding()}. */
  void avgPool2d(Tensor x, Pool2dParams params, Tensor y);

  /** Mean over H and W: {@code [N, H, W, C] -> [N, C]}. */
  void globalAvgPool(Tensor x, Tensor y);

  /**
   * Routes each output gradient to the input cell that won its window (the first maximum in row-major window order,
   * as PyTorch does); {@code dx} {@code [N, H, W, C]} is fully overwritten, gradients of overlapping windows add up.
   */
  void maxPool2dBackward(Tensor x, Tensor dy, Pool2dParams params, Tensor dx);

  /** Spreads each output gradient evenly over its window's cells, with the forward pass's divisor. */
  void avgPool2dBackward(Tensor dy, Pool2dParams params, Tensor dx);

  /** {@code dx[n, h, w, c] = dy[n, c] / (H * W)}. */
  void globalAvgPoolBackward(Tensor dy, Tensor dx);
}
