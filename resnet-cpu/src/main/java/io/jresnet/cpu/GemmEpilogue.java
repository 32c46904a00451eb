package io.jresnet.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * What a GEMM applies to each finished output tile while it is still in registers: {@code c = act(c + bias[col] +
 * residual[i])}. The residual has the same layout as the output matrix, so it is read at the output's own index.
 *
 * @param bias per output column (indexed by the column of the output row, e.g. the NHWC channel), or null
 * @param residual same layout and length as the output, or null
 * @param relu whether to clamp at zero last
 */
record GemmEpilogue(float[] bias, float[] residual, boolean relu) {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  /** Nothing to add, no activation: the tile is stored as computed. */
  static final GemmEpilogue NONE = new GemmEpilogue(null, null, false);

  /** Applies the epilogue in place to {@code rows} full rows of {@code 2 * LANES} columns starting at {@code ci}. */
  void applyRows(float[] c, int ci, int ldc, int rows, int column) {
    int lanes = SPECIES.length();
    for (int r = 0, i = ci; r < rows; r++, i += ldc) {
      apply(FloatVector.fromArray(SPECIES, c, i), i, column).intoArray(c, i);
      apply(FloatVector.fromArray(SPECIES, c, i + lanes), i + lanes, column + lanes).intoArray(c, i + lanes);
    }
  }

  FloatVector apply(FloatVector v, int index, int column) {
    FloatVector r = v;
    if (bias != null) {
      r = r.add(FloatVector.fromArray(SPECIES, bias, column));
    }
    if (residual != null) {
      r = r.add(FloatVector.fromArray(SPECIES, residual, index));
    }
    return relu ? r.max(0f) : r;
  }

  FloatVector apply(FloatVector v, int index, int column, VectorMask<Float> mask) {
    FloatVector r = v;
    if (bias != null) {
      r = r.add(FloatVector.fromArray(SPECIES, bias, column, mask));
    }
    if (residual != null) {
      r = r.add(FloatVector.fromArray(SPECIES, residual, index, mask));
    }
    return relu ? r.max(0f) : r;
  }

  /** The scalar twin of {@link #apply}, for tails and reference loops. */
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
