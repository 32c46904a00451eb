package io.jresnet.graph;

import java.util.List;

/**
 * The operation names of the graph IR and their attributes. Shapes are NHWC; weights live in the parameters named
 * after the node.
 */
public final class Ops {
  /**
   * {@code kernel: [kh, kw]}, {@code stride: [sh, sw]}, {@code padding: [top, bottom, left, right]},
   * {@code dilation: [dh, dw]}, {@code groups}, {@code filters}, {@code bias} (boolean). Parameters: {@code weight}
   * HWIO, optional {@code bias}.
   */
  public static final String CONV2D = "conv2d";

  /** {@code epsilon}, {@code momentum}. Parameters: weight (gamma), bias (beta), running_mean, running_var. */
  public static final String BATCH_NORM = "batch_norm";

  public static final String RELU = "relu";

  /** Two inputs of the same shape. */
  public static final String ADD = "add";

  /** {@code kernel}, {@code stride}, {@code padding: [top, bottom, left, right]}. */
  public static final String MAX_POOL2D = "max_pool2d";

  /** As max_pool2d, plus {@code count_padding} (boolean, default true as in PyTorch). */
  public static final String AVG_POOL2D = "avg_pool2d";

  /** {@code [N, H, W, C] -> [N, C]}. */
  public static final String GLOBAL_AVG_POOL = "global_avg_pool";

  /** {@code padding: [top, bottom, left, right]}. */
  public static final String ZERO_PAD2D = "zero_pad2d";

  /** {@code [N, ...] -> [N, product]}, in NHWC order. */
  public static final String FLATTEN = "flatten";

  /** {@code units}, {@code bias} (boolean, default true). Parameters: weight {@code [in, out]}, bias. */
  public static final String DENSE = "dense";

  /** Over the last axis. */
  public static final String SOFTMAX = "softmax";

  public static final List<String> ALL =
      List.of(
          CONV2D, BATCH_NORM, RELU, ADD, MAX_POOL2D, AVG_POOL2D, GLOBAL_AVG_POOL, ZERO_PAD2D, FLATTEN, DENSE, SOFTMAX);

  private Ops() {}
}
