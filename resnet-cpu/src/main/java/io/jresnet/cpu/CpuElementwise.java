package io.jresnet.cpu;

import io.jresnet.backend.ElementwiseKernels;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise and data-movement kernels: vector loops with scalar tails over contiguous slices, the slices split
 * across the pool. Copies and fills use {@link System#arraycopy} and {@link Arrays#fill}, which the JIT already
 * turns into vector code.
 */
final class CpuElementwise implements ElementwiseKernels {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  /** Elements per task: below this a hand-off costs more than it saves. */
  private static final int GRAIN = 1 << 15;

  private final CpuComputePool pool;
  private final KernelArgs args;

  CpuElementwise(CpuComputePool pool, KernelArgs args) {
    this.pool = pool;
    this.args = args;
  }

  @Override
  public void relu(Tensor x, Tensor y) {
    CpuTensor xt = args.require(x, "relu", "x");
    CpuTensor yt = args.require(y, "relu", "y");
    KernelArgs.requireShape(yt, xt.shape(), "relu", "y");
    float[] in = xt.data();
    float[] out = yt.data();
    pool.parallelRange(in.length, GRAIN, (from, to, participant) -> {
      int i = from;
      for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
        FloatVector.fromArray(SPECIES, in, i).max(0f).intoArray(out, i);
      }
      for (; i < to; i++) {
        out[i] = Math.max(in[i], 0f);
      }
    });
  }

  @Override
  public void add(Tensor a, Tensor b, boolean relu, Tensor y) {
    CpuTensor at = args.require(a, "add", "a");
    CpuTensor bt = args.require(b, "add", "b");
    CpuTensor yt = args.require(y, "add", "y");
    KernelArgs.requireShape(bt, at.shape(), "add", "b");
    KernelArgs.requireShape(yt, at.shape(), "add", "y");
    float[] l = at.data();
    float[] r = bt.data();
    float[] out = yt.data();
    pool.parallelRange(l.length, GRAIN, (from, to, participant) -> {
      int i = from;
      for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
        FloatVector v = FloatVector.fromArray(SPECIES, l, i).add(FloatVector.fromArray(SPECIES, r, i));
        (relu ? v.max(0f) : v).intoArray(out, i);
      }
      for (; i < to; i++) {
        float v = l[i] + r[i];
        out[i] = relu ? Math.max(v, 0f) : v;
      }
    });
  }

  @Override
  public void zeroPad2d(Tensor x, int top, int bottom, int left, int right, Tensor y) {
    String kernel = "zeroPad2d";
    CpuTensor xt = args.require(x, kernel, "x");
    CpuTensor yt = args.require(y, kernel, "y");
    KernelArgs.requireRank(xt, 4, "NHWC", kernel, "x");
    KernelArgs.requirePadding(top, bottom, left, right, kernel);
    Shape xs = xt.shape();
    int h = xs.dim(1);
    int w = xs.dim(2);
    int c = xs.dim(3);
    int oh = top + h + bottom;
    int ow = left + w + right;
    KernelArgs.requireShape(yt, Shape.nhwc(xs.dim(0), oh, ow, c), kernel, "y");
    KernelArgs.requireDistinct(yt, xt, kernel, "y", "x");
    float[] in = xt.data();
    float[] out = yt.data();
    int outRow = ow * c;
    pool.parallelRange(xs.dim(0) * oh, Math.max(1, GRAIN / Math.max(1, outRow)), (from, to, participant) -> {
      for (int row = from; row < to; row++) {
        int dst = row * outRow;
        int iy = row % oh - top;
        if (iy < 0 || iy >= h) {
          Arrays.fill(out, dst, dst + outRow, 0f);
          continue;
        }
        int src = ((row / oh) * h + iy) * w * c;
        Arrays.fill(out, dst, dst + left * c, 0f);
        System.arraycopy(in, src, out, dst + left * c, w * c);
        Arrays.fill(out, dst + (left + w) * c, dst + outRow, 0f);
      }
    });
  }

  @Override
  public void softmax(Tensor x, Tensor y) {
    CpuTensor xt = args.require(x, "softmax", "x");
    CpuTensor yt = args.require(y, "softmax", "y");
    KernelArgs.requireShape(yt, xt.shape(), "softmax", "y");
    if (xt.shape().rank() < 1) {
      throw new IllegalArgumentException("softmax: x must have at least one axis, got shape " + xt.shape());
    }
    int classes = xt.shape().dim(-1);
    if (classes == 0) {
      return;
    }
    float[] in = xt.data();
    float[] out = yt.data();
    pool.parallelRange(in.length / classes, Math.max(1, GRAIN / classes), (from, to, participant) -> {
      for (int row = from; row < to; row++) {
        softmaxRow(in, out, row * classes, classes);
      }
    });
  }

  /**
   * One row. The exponentials are scalar {@link Math#exp}, summed in order: the Vector API's lanewise EXP calls a
   * native library once compiled but {@code Math.exp} before, and its lane-sum may use any order, so either would let
   * the result change as the JIT warms up.
   */
  private static void softmaxRow(float[] in, float[] out, int offset, int n) {
    int bound = SPECIES.loopBound(n);
    FloatVector maxV = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
    int i = 0;
    for (; i < bound; i += SPECIES.length()) {
      maxV = maxV.max(FloatVector.fromArray(SPECIES, in, offset + i));
    }
    float max = maxV.reduceLanes(VectorOperators.MAX);
    for (; i < n; i++) {
      max = Math.max(max, in[offset + i]);
    }
    double sum = 0;
    for (i = 0; i < n; i++) {
      float e = (float) Math.exp(in[offset + i] - max);
      out[offset + i] = e;
      sum += e;
    }
    float inv = (float) (1 / sum);
    for (i = 0; i < bound; i += SPECIES.length()) {
      FloatVector.fromArray(SPECIES, out, offset + i).mul(inv).intoArray(out, offset + i);
    }
    for (; i < n; i++) {
      out[offset + i] *= inv;
    }
  }

  @Override
  public void copy(Tensor x, Tensor y) {
    CpuTensor xt = args.require(x, "copy", "x");
    CpuTensor yt = args.require(y, "copy", "y");
    if (xt.shape().elementCount() != yt.shape().elementCount()) {
      throw new IllegalArgumentException(
          "copy: x " + xt.shape() + " has " + xt.shape().elementCount() + " elements but y " + yt.shape() + " has "
              + yt.shape().elementCount());
    }
    float[] in = xt.data();
    float[] out = yt.data();
    if (in != out) {
      pool.parallelRange(in.length, GRAIN, (from, to, participant) -> System.arraycopy(in, from, out, from, to - from));
    }
  }

  @Override
  public void fill(Tensor t, float value) {
    float[] out = args.require(t, "fill", "t").data();
    pool.parallelRange(out.length, GRAIN, (from, to, participant) -> Arrays.fill(out, from, to, value));
  }

  @Override
  public void reluBackward(Tensor y, Tensor dy, Tensor dx) {
    String kernel = "reluBackward";
    CpuTensor yt = args.require(y, kernel, "y");
    CpuTensor dyt = args.require(dy, kernel, "dy");
    CpuTensor dxt = args.require(dx, kernel, "dx");
    KernelArgs.requireShape(dyt, yt.shape(), kernel, "dy");
    KernelArgs.requireShape(dxt, yt.shape(), kernel, "dx");
    float[] out = yt.data();
    float[] grad = dyt.data();
    float[] result = dxt.data();
    pool.parallelRange(out.length, GRAIN, (from, to, participant) -> {
      int i = from;
      FloatVector zero = FloatVector.zero(SPECIES);
      for (int bound = from + SPECIES.loopBound(to - from); i < bound; i += SPECIES.length()) {
        VectorMask<Float> active = FloatVector.fromArray(SPECIES, out, i).compare(VectorOperators.GT, 0f);
        zero.blend(FloatVector.fromArray(SPECIES, grad, i), active).intoArray(result, i);
      }
      for (; i < to; i++) {
        result[i] = out[i] > 0f ? grad[i] : 0f;
      }
    });
  }

  @Override
  public void zeroPad2dBackward(Tensor dy, int top, int bottom, int left, int right, Tensor dx) {
    String kernel = "zeroPad2dBackward";
    CpuTensor dyt = args.require(dy, kernel, "dy");
    CpuTensor dxt = args.require(dx, kernel, "dx");
    KernelArgs.requireRank(dxt, 4, "NHWC", kernel, "dx");
    KernelArgs.requirePadding(top, bottom, left, right, kernel);
    Shape xs = dxt.shape();
    int h = xs.dim(1);
    int w = xs.dim(2);
    int c = xs.dim(3);
    int paddedH = top + h + bottom;
    int paddedW = left + w + right;
    KernelArgs.requireShape(dyt, Shape.nhwc(xs.dim(0), paddedH, paddedW, c), kernel, "dy");
    KernelArgs.requireDistinct(dxt, dyt, kernel, "dx", "dy");
    float[] in = dyt.data();
    float[] out = dxt.data();
    int rowFloats = w * c;
    pool.parallelRange(xs.dim(0) * h, Math.max(1, GRAIN / Math.max(1, rowFloats)), (from, to, participant) -> {
      for (int row = from; row < to; row++) {
        int src = (((row / h) * paddedH + row % h + top) * paddedW + left) * c;
        System.arraycopy(in, src, out, row * rowFloats, rowFloats);
      }
    });
  }

  @Override
  public void axpy(float alpha, Tensor x, Tensor y) {
    CpuTensor xt = args.require(x, "axpy", "x");
    CpuTensor yt = args.require(y, "axpy", "y");
    if (xt.shape().elementCount() != yt.shape().elementCount()) {
      throw new IllegalArgumentException(
          "axpy: x " + xt.shape() + " has " + xt.shape().elementCount() + " elements but y " + yt.shape() + " has "
              + yt.shape().elementCount());
    }
    float[] in = xt.data();
    float[] out = yt.data();
    pool.parallelRange(in.length, GRAIN, (from, to, participant) ->
        VectorLoops.addScaledInto(alpha, in, from, out, from, to - from));
  }

  @Override
  public double sumOfSquares(Tensor t) {
    return TensorReductions.sumOfSquares(pool, args.require(t, "sumOfSquares", "t").data());
  }

  @Override
  public long countNonFinite(Tensor t) {
    return TensorReductions.countNonFinite(pool, args.require(t, "countNonFinite", "t").data());
  }
}
