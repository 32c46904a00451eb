package io.jresnet.cpu;

import io.jresnet.backend.Conv2dParams;
import io.jresnet.tensor.Shape;

/**
 * A conv call as {@link CpuConv2d} prepared it (shapes checked, path and tiling chosen, task made), kept on its
 * prepared weight ({@link CpuTensor#lastCall}) to run again: every forward at one input size repeats its calls with
 * the same arrays, and preparing them again would allocate. It applies to a later call with the very same arrays (identity),
 * equal shapes and params, and a weight whose arrays are still {@link #weightKey} (a Winograd weight transformed
 * again after an update has new ones). Immutable, so threads may share it; a call that does not match prepares its
 * own and replaces it.
 *
 * @param path the path the call takes, which decides what {@link #weightKey} is
 * @param weightKey the array (or array of panels) of the weight that {@link #run} reads
 * @param run the call itself
 */
record ConvCall(
    float[] x,
    Shape xShape,
    Conv2dParams params,
    float[] bias,
    float[] residual,
    boolean relu,
    float[] y,
    Shape yShape,
    CpuConv2d.Path path,
    Object weightKey,
    Runnable run) {

  /** Whether a call with these arguments is this one, the weight aside. */
  boolean matches(
      CpuTensor xt, CpuTensor bt, CpuTensor rt, boolean relu, CpuTensor yt, Conv2dParams params) {
    return xt.data() == x
        && yt.data() == y
        && relu == this.relu
        && (bt == null ? bias == null : bt.data() == bias)
        && (rt == null ? residual == null : rt.data() == residual)
        && xt.shape().equals(xShape)
        && yt.shape().equals(yShape)
        && params.equals(this.params);
  }
}
