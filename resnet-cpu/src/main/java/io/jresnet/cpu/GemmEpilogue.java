package io.jresnet.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * What a conv applies to its output: {@code c = act(c + bias[col] + residual[i])}. The GEMM micro-kernels apply it
 * on the way out of their registers (the residual as the accumulators' starting values, bias and ReLU before the one
 * store); {@link #applySpan} serves the paths without a register tile (depthwise convs, a zero-depth product). The
 * residual has the same layout as the output matrix, so it is read at the output's own index.
 *
 * <p>The methods take array positions, never vectors: a vector passed to a method that C2 does not inline is boxed
 * on the heap, which costs more than the whole epilogue.
 *
 * @param bias per output column (indexed by the column of the output row, e.g. the NHWC channel), or null
 * @param residual same layout and length as the output, or null
 * @param relu whether to clamp at zero last
 */
record GemmEpilogue(float[] bias, float[] residual, boolean relu) {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  /** Nothing to add, no activation: the tile is stored as computed. */
  static final GemmEpilogue NONE = new GemmEpilogue(null, null, false);

  /** Applies the epilogue to {@code length} consecutive outputs from {@code ci}; the first is in {@code column}. */
  void applySpan(float[] c, int ci, int column, int length) {
    int bound = SPECIES.loopBound(length);
    if (bias != null) {
      for (int j = 0; j < bound; j += LANES) {
        FloatVector v = FloatVector.fromArray(SPECIES, c, ci + j);
        v.add(FloatVector.fromArray(SPECIES, bias, column + j)).intoArray(c, ci + j);
      }
    }
    if (residual != null) {
      for (int j = 0; j < bound; j += LANES) {
        FloatVector v = FloatVector.fromArray(SPECIES, c, ci + j);
        v.add(FloatVector.fromArray(SPECIES, residual, ci + j)).intoArray(c, ci + j);
      }
    }
    if (relu) {
      for (int j = 0; j < bound; j += LANES) {
        FloatVector.fromArray(SPECIES, c, ci + j).max(0f).intoArray(c, ci + j);
      }
    }
    for (int j = bound; j < length; j++) {
      c[ci + j] = apply(c[ci + j], ci + j, column + j);
    }
  }

  /** The scalar twin of the vector paths. */
  float apply(float v, int index, int column) {
    float r = v;
    if (bias != null) {
      r += bias[column];
    }
    if (residual != null) {
      r += residual[index];
    }
    return relu ? Math.max(r, 0f) : r;
  }
}
