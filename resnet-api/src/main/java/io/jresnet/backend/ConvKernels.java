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
   * @param y output {@code [N, OH, OW, Cout]}, fully overwritten; the residual tensor itself when
   *     {@link #residualInPlace()} says so
   */
  void conv2d(Tensor x, Tensor weight, Tensor bias, Conv2dParams params, Tensor residual, boolean relu, Tensor y);

  /**
   * Whether {@link #conv2d} accepts {@code y} being the {@code residual} tensor itself, the sum overwriting the
   * residual. An inference plan then writes a block's output over its shortcut when nothing reads the shortcut later,
   * and the memory traffic of a separate output buffer goes away. The default says no: {@code y} and {@code residual}
   * must then be distinct.
   */
  default boolean residualInPlace() {
    return false;
  }

  /**
   * Gradient with respect to the input: {@code dx = conv2d_transpose(dy, weight)}.
   *
   * @param dy gradient of the output {@code [N, OH, OW, Cout]}
   * @param weight {@code [kh, kw, Cin/groups, Cout]} (HWIO), or the result of {@link Backend#prepareConvWeight}
   * @param dx gradient of the input {@code [N, H, W, Cin]}, fully overwritten (cells no window reads get 0)
   */
  void conv2dBackwardData(Tensor dy, Tensor weight, Conv2dParams params, Tensor dx);

  /**
   * Gradients with respect to the weight and bias.
   *
   * @param x the forward input {@code [N, H, W, Cin]}
   * @param dy gradient of the output {@code [N, OH, OW, Cout]}
   * @param dWeight {@code [kh, kw, Cin/groups, Cout]}, fully overwritten
   * @param dBias {@code [Cout]} (the sum of {@code dy} over N, OH, OW), fully overwritten; or null
   */
  void conv2dBackwardFilter(Tensor x, Tensor dy, Conv2dParams params, Tensor dWeight, Tensor dBias);
}
