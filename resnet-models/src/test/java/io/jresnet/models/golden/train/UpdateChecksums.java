package io.jresnet.models.golden.train;

import io.jresnet.models.golden.CounterWeights;
import java.util.Arrays;
import java.util.Objects;

/**
 * The checksums of one tensor's update {@code D = W - W0} that {@code tools/golden/train_step_checksums.py} commits
 * instead of the weights (scheme in {@code tools/golden/README.md}, "The golden training step"): {@code ||W||},
 * {@code ||D||}, the projections {@code p_k = sum_i D_i r_k[i]} on counter-hash directions uniform in
 * {@code [-1, 1)}, and {@code D} at a few hash-chosen elements. All in the PyTorch layout of the tensor, float64.
 *
 * @param name the torchvision {@code state_dict} name
 * @param shape the PyTorch shape
 * @param updatedL2 {@code ||W||}
 * @param deltaL2 {@code ||D||}
 * @param projections {@link #PROJECTIONS} values
 * @param sampleIndices {@link #SAMPLES} row-major element indices
 * @param sampleDeltas {@code D} at those indices
 */
record UpdateChecksums(
    String name,
    int[] shape,
    double updatedL2,
    double deltaL2,
    double[] projections,
    int[] sampleIndices,
    double[] sampleDeltas) {
  static final int PROJECTIONS = 8;
  static final int SAMPLES = 8;

  /** {@code E[r^2]} of a direction uniform in {@code [-1, 1)}: scales the projection error estimate. */
  private static final double INVERSE_DIRECTION_VARIANCE = 3.0;

  UpdateChecksums {
    Objects.requireNonNull(name, "name");
    shape = shape.clone();
    projections = projections.clone();
    sampleIndices = sampleIndices.clone();
    sampleDeltas = sampleDeltas.clone();
    if (projections.length != PROJECTIONS || sampleIndices.length != SAMPLES || sampleDeltas.length != SAMPLES) {
      throw new IllegalArgumentException("tensor '" + name + "': expected " + PROJECTIONS + " projections and "
          + SAMPLES + " samples, got " + projections.length + " and " + sampleIndices.length);
    }
  }

  /** The checksums of the update from {@code initial} to {@code updated}, both row-major in the PyTorch shape. */
  static UpdateChecksums of(String name, int[] shape, float[] initial, float[] updated) {
    if (initial.length != updated.length) {
      throw new IllegalArgumentException(
          "tensor '" + name + "': " + initial.length + " initial values but " + updated.length + " updated ones");
    }
    double updatedSquares = 0;
    double[] delta = new double[updated.length];
    for (int i = 0; i < delta.length; i++) {
      delta[i] = (double) updated[i] - initial[i];
      updatedSquares += (double) updated[i] * updated[i];
    }
    return ofDelta(name, shape, delta, Math.sqrt(updatedSquares));
  }

  /** The checksums of the update {@code delta} (row-major in the PyTorch shape) of a tensor whose norm is now given. */
  static UpdateChecksums ofDelta(String name, int[] shape, double[] delta, double updatedL2) {
    int n = delta.length;
    double deltaSquares = 0;
    for (double d : delta) {
      deltaSquares += d * d;
    }
    double[] projections = new double[PROJECTIONS];
    for (int k = 0; k < PROJECTIONS; k++) {
      long seed = CounterWeights.seed(name + "#projection-" + k);
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += delta[i] * (2.0 * CounterWeights.unit(CounterWeights.hash(seed, i)) - 1.0);
      }
      projections[k] = sum;
    }
    int[] indices = sampleIndices(name, n);
    double[] samples = new double[SAMPLES];
    for (int j = 0; j < SAMPLES; j++) {
      samples[j] = delta[indices[j]];
    }
    return new UpdateChecksums(name, shape, updatedL2, Math.sqrt(deltaSquares), projections, indices, samples);
  }

  /** The sampled elements of a tensor of {@code n} elements: {@code hash(seed(NAME#samples), j) mod n}, unsigned. */
  static int[] sampleIndices(String name, int n) {
    long seed = CounterWeights.seed(name + "#samples");
    int[] indices = new int[SAMPLES];
    for (int j = 0; j < SAMPLES; j++) {
      indices[j] = (int) Long.remainderUnsigned(CounterWeights.hash(seed, j), n);
    }
    return indices;
  }

  /**
   * An estimate of {@code ||D - D_ref|| = ||W - W_ref||}: the worst of the norms' difference, the projection estimate
   * {@code sqrt(3 mean_k (p_k - p_ref_k)^2)} (unbiased for the squared error, as {@code E[r^2] = 1/3}) and the
   * largest sampled element error. A transposed layout, a wrong sign or a missing term moves all three.
   *
   * @throws AssertionError when the two describe different tensors or samples (a scheme mismatch, not an error)
   */
  double errorEstimate(UpdateChecksums reference) {
    if (!name.equals(reference.name) || !Arrays.equals(shape, reference.shape)
        || !Arrays.equals(sampleIndices, reference.sampleIndices)) {
      throw new AssertionError("checksums of '" + name + "' " + Arrays.toString(shape) + " samples "
          + Arrays.toString(sampleIndices) + " do not describe the reference's '" + reference.name + "' "
          + Arrays.toString(reference.shape) + " samples " + Arrays.toString(reference.sampleIndices));
    }
    double projectionSquares = 0;
    for (int k = 0; k < PROJECTIONS; k++) {
      double d = projections[k] - reference.projections[k];
      projectionSquares += d * d;
    }
    double sampleError = 0;
    for (int j = 0; j < SAMPLES; j++) {
      sampleError = Math.max(sampleError, Math.abs(sampleDeltas[j] - reference.sampleDeltas[j]));
    }
    double projectionError = Math.sqrt(INVERSE_DIRECTION_VARIANCE * projectionSquares / PROJECTIONS);
    return Math.max(Math.max(Math.abs(deltaL2 - reference.deltaL2), projectionError), sampleError);
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  @Override
  public double[] projections() {
    return projections.clone();
  }

  @Override
  public int[] sampleIndices() {
    return sampleIndices.clone();
  }

  @Override
  public double[] sampleDeltas() {
    return sampleDeltas.clone();
  }
}
