package io.jresnet.cpu;

import io.jresnet.backend.Pool2dParams;
import io.jresnet.backend.PoolKernels;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Arrays;
import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max, average and global average pooling over NHWC tensors, vectorised over the contiguous channels of each pixel
 * and parallel over output rows. Windows are clipped to the input, so padded cells never take part in a max, and
 * count in an average's divisor only when {@link Pool2dParams#countPadding()} says so. The backward kernels live in
 * {@link CpuPoolingBackward}.
 */
final class CpuPooling implements PoolKernels {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  private final CpuComputePool pool;
  private final KernelArgs args;

  CpuPooling(CpuComputePool pool, KernelArgs args) {
    this.pool = pool;
    this.args = args;
  }

  @Override
  public void maxPool2d(Tensor x, Pool2dParams params, Tensor y) {
    window("maxPool2d", x, params, y, true);
  }

  @Override
  public void avgPool2d(Tensor x, Pool2dParams params, Tensor y) {
    window("avgPool2d", x, params, y, false);
  }

  private void window(String kernel, Tensor x, Pool2dParams p, Tensor y, boolean max) {
    CpuTensor xt = args.require(x, kernel, "x");
    CpuTensor yt = args.require(y, kernel, "y");
    if (p == null) {
      throw new IllegalArgumentException(kernel + ": params is null");
    }
    if (yt.lastCall instanceof PoolCall call && call.matches(xt, p, max, yt)) {
      call.run().run();
      return;
    }
    KernelArgs.requireRank(xt, 4, "NHWC", kernel, "x");
    Shape xs = xt.shape();
    int oh = p.outputH(xs.dim(1));
    int ow = p.outputW(xs.dim(2));
    if (oh < 1 || ow < 1) {
      throw new IllegalArgumentException(
          kernel + ": the " + p.kernelH() + "x" + p.kernelW() + " window does not fit x " + xs + " with this padding");
    }
    KernelArgs.requireShape(yt, Shape.nhwc(xs.dim(0), oh, ow, xs.dim(3)), kernel, "y");
    KernelArgs.requireDistinct(yt, xt, kernel, "y", "x");
    float[] in = xt.data();
    float[] out = yt.data();
    CpuComputePool.RangeTask rows = (from, to, participant) -> {
      for (int row = from; row < to; row++) {
        for (int ox = 0; ox < ow; ox++) {
          int image = row / oh;
          int oy = row % oh;
          int iy0 = oy * p.strideH() - p.padTop();
          int ix0 = ox * p.strideW() - p.padLeft();
          int y0 = Math.max(iy0, 0);
          int y1 = Math.min(iy0 + p.kernelH(), xs.dim(1));
          int x0 = Math.max(ix0, 0);
          int x1 = Math.min(ix0 + p.kernelW(), xs.dim(2));
          int c = xs.dim(3);
          int first = ((image * xs.dim(1) + y0) * xs.dim(2) + x0) * c;
          int rowStride = xs.dim(2) * c;
          int dst = (row * ow + ox) * c;
          if (max) {
            maxPixel(in, c, first, rowStride, y1 - y0, x1 - x0, out, dst);
          } else {
            int cells = p.countPadding() ? p.kernelH() * p.kernelW() : (y1 - y0) * (x1 - x0);
            avgPixel(in, c, first, rowStride, y1 - y0, x1 - x0, 1f / cells, out, dst);
          }
        }
      }
    };
    int count = xs.dim(0) * oh;
    Runnable run = () -> pool.parallelRange(count, 1, rows);
    yt.lastCall = new PoolCall(in, xs, p, max, out, yt.shape(), run);
    run.run();
  }

  /*
   * One output pixel over its window clipped to the input: {@code rows × cols} cells, the first at {@code first},
   * rows {@code rowStride} apart, channels contiguous. Plain ints rather than a window record: a record made per
   * pixel was allocated on the heap whenever C2 did not inline these methods (hundreds of KiB per forward).
   */

  private static void maxPixel(
      float[] in, int c, int first, int rowStride, int rows, int cols, float[] out, int dst) {
    int lanes = SPECIES.length();
    int bound = SPECIES.loopBound(c);
    int ch = 0;
    // Four vectors of channels at a time: four independent chains of maxima instead of one per window.
    for (; ch + 4 * lanes <= bound; ch += 4 * lanes) {
      FloatVector acc0 = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
      FloatVector acc1 = acc0;
      FloatVector acc2 = acc0;
      FloatVector acc3 = acc0;
      for (int r = 0, base = first + ch; r < rows; r++, base += rowStride) {
        for (int q = 0, i = base; q < cols; q++, i += c) {
          acc0 = acc0.max(FloatVector.fromArray(SPECIES, in, i));
          acc1 = acc1.max(FloatVector.fromArray(SPECIES, in, i + lanes));
          acc2 = acc2.max(FloatVector.fromArray(SPECIES, in, i + 2 * lanes));
          acc3 = acc3.max(FloatVector.fromArray(SPECIES, in, i + 3 * lanes));
        }
      }
      acc0.intoArray(out, dst + ch);
      acc1.intoArray(out, dst + ch + lanes);
      acc2.intoArray(out, dst + ch + 2 * lanes);
      acc3.intoArray(out, dst + ch + 3 * lanes);
    }
    for (; ch < bound; ch += lanes) {
      FloatVector acc = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
      for (int r = 0, base = first + ch; r < rows; r++, base += rowStride) {
        for (int q = 0, i = base; q < cols; q++, i += c) {
          acc = acc.max(FloatVector.fromArray(SPECIES, in, i));
        }
      }
      acc.intoArray(out, dst + ch);
    }
    for (; ch < c; ch++) {
      float acc = Float.NEGATIVE_INFINITY;
      for (int r = 0, base = first + ch; r < rows; r++, base += rowStride) {
        for (int q = 0, i = base; q < cols; q++, i += c) {
          acc = Math.max(acc, in[i]);
        }
      }
      out[dst + ch] = acc;
    }
  }

  private static void avgPixel(
      float[] in, int c, int first, int rowStride, int rows, int cols, float scale, float[] out, int dst) {
    int bound = SPECIES.loopBound(c);
    int ch = 0;
    for (; ch < bound; ch += SPECIES.length()) {
      FloatVector acc = FloatVector.zero(SPECIES);
      for (int r = 0, base = first + ch; r < rows; r++, base += rowStride) {
        for (int q = 0, i = base; q < cols; q++, i += c) {
          acc = acc.add(FloatVector.fromArray(SPECIES, in, i));
        }
      }
      acc.mul(scale).intoArray(out, dst + ch);
    }
    for (; ch < c; ch++) {
      float acc = 0f;
      for (int r = 0, base = first + ch; r < rows; r++, base += rowStride) {
        for (int q = 0, i = base; q < cols; q++, i += c) {
          acc += in[i];
        }
      }
      out[dst + ch] = acc * scale;
    }
  }

  @Override
  public void globalAvgPool(Tensor x, Tensor y) {
    String kernel = "globalAvgPool";
    CpuTensor xt = args.require(x, kernel, "x");
    CpuTensor yt = args.require(y, kernel, "y");
    if (yt.lastCall instanceof PoolCall call && call.matches(xt, null, false, yt)) {
      call.run().run();
      return;
    }
    KernelArgs.requireRank(xt, 4, "NHWC", kernel, "x");
    Shape xs = xt.shape();
    KernelArgs.requireMatrix(yt, xs.dim(0), xs.dim(3), kernel, "y");
    KernelArgs.requireDistinct(yt, xt, kernel, "y", "x");
    float[] in = xt.data();
    float[] out = yt.data();
    int c = xs.dim(3);
    int pixels = xs.dim(1) * xs.dim(2);
    if (pixels == 0) {
      throw new IllegalArgumentException(kernel + ": x " + xs + " has no pixels to average");
    }
    float scale = 1f / pixels;
    // Plain loops over contiguous channels, which C2 vectorises: called once per forward, Vector API code would run
    // un-intrinsified for thousands of calls before the JIT's last tier compiles it. Sums in pixel order per channel.
    CpuComputePool.RangeTask images = (from, to, participant) -> {
      for (int image = from; image < to; image++) {
        int base = image * pixels * c;
        int dst = image * c;
        Arrays.fill(out, dst, dst + c, 0f);
        for (int px = 0; px < pixels; px++) {
          int src = base + px * c;
          for (int ch = 0; ch < c; ch++) {
            out[dst + ch] += in[src + ch];
          }
        }
        for (int ch = 0; ch < c; ch++) {
          out[dst + ch] *= scale;
        }
      }
    };
    int count = xs.dim(0);
    Runnable run = () -> pool.parallelRange(count, 1, images);
    yt.lastCall = new PoolCall(in, xs, null, false, out, yt.shape(), run);
    run.run();
  }

  /**
   * A pooling call prepared to run again while a forward repeats it with the same arrays (identity), shapes and
   * params: preparing it again would allocate. Kept on the output tensor ({@link CpuTensor#lastCall}), which closes
   * with the activation buffers whose arrays it holds. Immutable; a call that does not match prepares its own.
   */
  private record PoolCall(float[] x, Shape xShape, Pool2dParams params, boolean max, float[] y, Shape yShape,
      Runnable run) {
    boolean matches(CpuTensor xt, Pool2dParams params, boolean max, CpuTensor yt) {
      return xt.data() == x && yt.data() == y && max == this.max && Objects.equals(params, this.params)
          && xt.shape().equals(xShape) && yt.shape().equals(yShape);
    }
  }

  @Override
  public void maxPool2dBackward(Tensor x, Tensor dy, Pool2dParams params, Tensor dx) {
    String kernel = "maxPool2dBackward";
    CpuTensor xt = args.require(x, kernel, "x");
    CpuTensor dyt = args.require(dy, kernel, "dy");
    CpuTensor dxt = args.require(dx, kernel, "dx");
    CpuPoolingBackward.Geometry g = backwardGeometry(kernel, "x", xt, dyt, params);
    KernelArgs.requireShape(dxt, xt.shape(), kernel, "dx");
    KernelArgs.requireDistinct(dxt, xt, kernel, "dx", "x");
    KernelArgs.requireDistinct(dxt, dyt, kernel, "dx", "dy");
    CpuPoolingBackward.maxPool(pool, xt.data(), dyt.data(), g, dxt.data());
  }

  @Override
  public void avgPool2dBackward(Tensor dy, Pool2dParams params, Tensor dx) {
    String kernel = "avgPool2dBackward";
    CpuTensor dyt = args.require(dy, kernel, "dy");
    CpuTensor dxt = args.require(dx, kernel, "dx");
    CpuPoolingBackward.Geometry g = backwardGeometry(kernel, "dx", dxt, dyt, params);
    KernelArgs.requireDistinct(dxt, dyt, kernel, "dx", "dy");
    CpuPoolingBackward.avgPool(pool, dyt.data(), g, dxt.data());
  }

  /** Checks {@code dy} against the output shape that {@code input} (x or dx) and the params give. */
  private static CpuPoolingBackward.Geometry backwardGeometry(
      String kernel, String inputName, CpuTensor input, CpuTensor dy, Pool2dParams p) {
    if (p == null) {
      throw new IllegalArgumentException(kernel + ": params is null");
    }
    KernelArgs.requireRank(input, 4, "NHWC", kernel, inputName);
    Shape xs = input.shape();
    int oh = p.outputH(xs.dim(1));
    int ow = p.outputW(xs.dim(2));
    if (oh < 1 || ow < 1) {
      throw new IllegalArgumentException(
          kernel + ": the " + p.kernelH() + "x" + p.kernelW() + " window does not fit " + inputName + " " + xs
              + " with this padding");
    }
    KernelArgs.requireShape(dy, Shape.nhwc(xs.dim(0), oh, ow, xs.dim(3)), kernel, "dy");
    return new CpuPoolingBackward.Geometry(xs.dim(0), xs.dim(1), xs.dim(2), xs.dim(3), oh, ow, p);
  }

  @Override
  public void globalAvgPoolBackward(Tensor dy, Tensor dx) {
    String kernel = "globalAvgPoolBackward";
    CpuTensor dyt = args.require(dy, kernel, "dy");
    CpuTensor dxt = args.require(dx, kernel, "dx");
    KernelArgs.requireRank(dxt, 4, "NHWC", kernel, "dx");
    Shape xs = dxt.shape();
    KernelArgs.requireShape(dyt, Shape.of(xs.dim(0), xs.dim(3)), kernel, "dy");
    KernelArgs.requireDistinct(dxt, dyt, kernel, "dx", "dy");
    int pixels = xs.dim(1) * xs.dim(2);
    if (pixels == 0) {
      throw new IllegalArgumentException(kernel + ": dx " + xs + " has no pixels to spread over");
    }
    CpuPoolingBackward.globalAvgPool(pool, dyt.data(), xs.dim(0), pixels, xs.dim(3), dxt.data());
  }
}
