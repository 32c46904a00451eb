package io.jresnet.backend;

import io.jresnet.tensor.Tensor;

/** Convolution kernels. */
public interface ConvKernels {
  /**
   * {@code y = act(conv(x, weight) + bias + residual)}, one fused pass.
   *
   * @param x input {@code [N, H, W, Cin]}
   * @param weight {@code [kh, kw, Cin/groups, Cout]} (HWIO), or the result of {@link Backend#prepareConvWeight}
   * @param bias {@code [Cout]}, or null
   * @param params kernel, stride, padding, dilation, groups
   * @param residual {@code [N, OH, OW, Cout]} added before the activation, or null
   * @param relu whether to apply ReLU last
   * @param y output {@code [N, OH, OW, Cout]}, fully overwritten
   */
  void conv2d(Tensor x, Tensor weight, Tensor bias, Conv2dParams params, Tensor residual, boolean relu, Tensor y);
}
