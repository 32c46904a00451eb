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
}
