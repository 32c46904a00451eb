package io.jresnet.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * What a GEMM applies to each finished output tile, in place and while the tile is still in L1:
 * {@code c = act(c + bias[col] + residual[i])}. The residual has the same layout as the output matrix, so it is read
 * at the output's own index.
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
  /** Stands in for a missing bias, so that {@link #applyRows} has a single path. */
  private static final float[] ZERO_BIAS = new float[2 * LANES];

  /** Nothing to add, no activation: the tile is stored as computed. */
  static final GemmEpilogue NONE = new GemmEpilogue(null, null, false);

  /** Applies the epilogue to {@code rows} rows of {@code 2 * LANES} columns, row {@code r} at {@code ci + r * ldc}. */
  void applyRows(float[] c, int ci, int ldc, int rows, int column) {
    // One pass with neutral elements (a zero bias, a floor of -inf without ReLU) rather than a vector assigned on
    // only some paths: such a vector meets itself at a phi, where C2 boxes it on the heap.
    float[] b = bias != null ? bias : ZERO_BIAS;
    int bi = bias != null ? column : 0;
    FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
    FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
    FloatVector floor = FloatVector.broadcast(SPECIES, relu ? 0f : Float.NEGATIVE_INFINITY);
    int end = ci + rows * ldc;
    if (residual == null) {
      for (int i = ci; i < end; i += ldc) {
        FloatVector.fromArray(SPECIES, c, i).add(b0).max(floor).intoArray(c, i);
        FloatVector.fromArray(SPECIES, c, i + LANES).add(b1).max(floor).intoArray(c, i + LANES);
      }
    } else {
      for (int i = ci; i < end; i += ldc) {
        FloatVector.fromArray(SPECIES, c, i)
            .add(b0)
            .add(FloatVector.fromArray(SPECIES, residual, i))
            .max(floor)
            .intoArray(c, i);
        FloatVector.fromArray(SPECIES, c, i + LANES)
            .add(b1)
            .add(FloatVector.fromArray(SPECIES, residual, i + LANES))
            .max(floor)
            .intoArray(c, i + LANES);
      }
    }
  }

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
