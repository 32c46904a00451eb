package io.jresnet.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tile of {@link CpuConvBackwardFilter}'s tap-row path: the weight gradient of a stride-1 conv for one
 * kernel row, read from a zero-bordered copy of the input. For kernel row {@code i} the window row of an output pixel
 * is {@code kw * cin} consecutive floats of the padded input (its taps side by side), so a tile takes
 * {@link #VECTORS} consecutive vectors of it, loaded whole, times {@link #COLUMNS} output channels of {@code dy},
 * broadcast: 24 accumulators, and 3 loads and 8 broadcasts per 24 FMAs, summed over every output pixel of a range.
 *
 * <p>{@link WeightGradKernel} broadcasts the input instead, one value per vector of output channels: with 16 output
 * channels that is one load per FMA, and on ResNet-20's 16-channel 3×3 gradient in cache, one thread, its tile ran at
 * 81-85 GFLOPS where this one ran at 127-134.
 */
final class TapRowWeightGradKernel {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  static final int LANES = SPECIES.length();
  /** Vectors of a window row per tile. */
  static final int VECTORS = 3;
  /** Floats of a window row per tile. */
  static final int RUN = VECTORS * LANES;
  /** Output channels per tile. */
  static final int COLUMNS = 8;

  private TapRowWeightGradKernel() {}

  /**
   * {@code out[o + c * ldo + k] += sum over the pixels of x[xAt(pixel) + k] * dy[dyAt(pixel) + c]} for {@code c} in
   * {@code [0, COLUMNS)} and {@code k} in {@code [0, RUN)}, over {@code pixels} consecutive output pixels (row-major
   * over the batch's output rows): {@code out} is the gradient transposed, output channels by window columns. The
   * first pixel's run starts at {@code x[xStart]} and its gradient at {@code dy[dyStart]}; the next pixel's are
   * {@code cin} and {@code cout} floats on, except that after the last pixel of an output row ({@code ow} of them) the
   * input run skips {@code rowSkip} more floats. The pixels start at an output row's first and lie in one image.
   */
  static void tile(
      float[] x, int xStart, int cin, float[] dy, int dyStart, int cout, int pixels, int ow, int rowSkip, float[] out,
      int o, int ldo) {
    int o1 = o + ldo;
    int o2 = o1 + ldo;
    int o3 = o2 + ldo;
    int o4 = o3 + ldo;
    int o5 = o4 + ldo;
    int o6 = o5 + ldo;
    int o7 = o6 + ldo;
    FloatVector acc00 = FloatVector.fromArray(SPECIES, out, o);
    FloatVector acc01 = FloatVector.fromArray(SPECIES, out, o + LANES);
    FloatVector acc02 = FloatVector.fromArray(SPECIES, out, o + 2 * LANES);
    FloatVector acc10 = FloatVector.fromArray(SPECIES, out, o1);
    FloatVector acc11 = FloatVector.fromArray(SPECIES, out, o1 + LANES);
    FloatVector acc12 = FloatVector.fromArray(SPECIES, out, o1 + 2 * LANES);
    FloatVector acc20 = FloatVector.fromArray(SPECIES, out, o2);
    FloatVector acc21 = FloatVector.fromArray(SPECIES, out, o2 + LANES);
    FloatVector acc22 = FloatVector.fromArray(SPECIES, out, o2 + 2 * LANES);
    FloatVector acc30 = FloatVector.fromArray(SPECIES, out, o3);
    FloatVector acc31 = FloatVector.fromArray(SPECIES, out, o3 + LANES);
    FloatVector acc32 = FloatVector.fromArray(SPECIES, out, o3 + 2 * LANES);
    FloatVector acc40 = FloatVector.fromArray(SPECIES, out, o4);
    FloatVector acc41 = FloatVector.fromArray(SPECIES, out, o4 + LANES);
    FloatVector acc42 = FloatVector.fromArray(SPECIES, out, o4 + 2 * LANES);
    FloatVector acc50 = FloatVector.fromArray(SPECIES, out, o5);
    FloatVector acc51 = FloatVector.fromArray(SPECIES, out, o5 + LANES);
    FloatVector acc52 = FloatVector.fromArray(SPECIES, out, o5 + 2 * LANES);
    FloatVector acc60 = FloatVector.fromArray(SPECIES, out, o6);
    FloatVector acc61 = FloatVector.fromArray(SPECIES, out, o6 + LANES);
    FloatVector acc62 = FloatVector.fromArray(SPECIES, out, o6 + 2 * LANES);
    FloatVector acc70 = FloatVector.fromArray(SPECIES, out, o7);
    FloatVector acc71 = FloatVector.fromArray(SPECIES, out, o7 + LANES);
    FloatVector acc72 = FloatVector.fromArray(SPECIES, out, o7 + 2 * LANES);
    int xi = xStart;
    int di = dyStart;
    int col = 0;
    // One loop over the pixels (a nested loop over rows and columns would cost C2 far more memory to compile), with
    // the jump at a row's end as a rarely taken branch.
    for (int p = 0; p < pixels; p++) {
      FloatVector x0 = FloatVector.fromArray(SPECIES, x, xi);
      FloatVector x1 = FloatVector.fromArray(SPECIES, x, xi + LANES);
      FloatVector x2 = FloatVector.fromArray(SPECIES, x, xi + 2 * LANES);
      FloatVector g = FloatVector.broadcast(SPECIES, dy[di]);
      acc00 = x0.fma(g, acc00);
      acc01 = x1.fma(g, acc01);
      acc02 = x2.fma(g, acc02);
      g = FloatVector.broadcast(SPECIES, dy[di + 1]);
      acc10 = x0.fma(g, acc10);
      acc11 = x1.fma(g, acc11);
      acc12 = x2.fma(g, acc12);
      g = FloatVector.broadcast(SPECIES, dy[di + 2]);
      acc20 = x0.fma(g, acc20);
      acc21 = x1.fma(g, acc21);
      acc22 = x2.fma(g, acc22);
      g = FloatVector.broadcast(SPECIES, dy[di + 3]);
      acc30 = x0.fma(g, acc30);
      acc31 = x1.fma(g, acc31);
      acc32 = x2.fma(g, acc32);
      g = FloatVector.broadcast(SPECIES, dy[di + 4]);
      acc40 = x0.fma(g, acc40);
      acc41 = x1.fma(g, acc41);
      acc42 = x2.fma(g, acc42);
      g = FloatVector.broadcast(SPECIES, dy[di + 5]);
      acc50 = x0.fma(g, acc50);
      acc51 = x1.fma(g, acc51);
      acc52 = x2.fma(g, acc52);
      g = FloatVector.broadcast(SPECIES, dy[di + 6]);
      acc60 = x0.fma(g, acc60);
      acc61 = x1.fma(g, acc61);
      acc62 = x2.fma(g, acc62);
      g = FloatVector.broadcast(SPECIES, dy[di + 7]);
      acc70 = x0.fma(g, acc70);
      acc71 = x1.fma(g, acc71);
      acc72 = x2.fma(g, acc72);
      xi += cin;
      di += cout;
      if (++col == ow) {
        col = 0;
        xi += rowSkip;
      }
    }
    acc00.intoArray(out, o);
    acc01.intoArray(out, o + LANES);
    acc02.intoArray(out, o + 2 * LANES);
    acc10.intoArray(out, o1);
    acc11.intoArray(out, o1 + LANES);
    acc12.intoArray(out, o1 + 2 * LANES);
    acc20.intoArray(out, o2);
    acc21.intoArray(out, o2 + LANES);
    acc22.intoArray(out, o2 + 2 * LANES);
    acc30.intoArray(out, o3);
    acc31.intoArray(out, o3 + LANES);
    acc32.intoArray(out, o3 + 2 * LANES);
    acc40.intoArray(out, o4);
    acc41.intoArray(out, o4 + LANES);
    acc42.intoArray(out, o4 + 2 * LANES);
    acc50.intoArray(out, o5);
    acc51.intoArray(out, o5 + LANES);
    acc52.intoArray(out, o5 + 2 * LANES);
    acc60.intoArray(out, o6);
    acc61.intoArray(out, o6 + LANES);
    acc62.intoArray(out, o6 + 2 * LANES);
    acc70.intoArray(out, o7);
    acc71.intoArray(out, o7 + LANES);
    acc72.intoArray(out, o7 + 2 * LANES);
  }
}
