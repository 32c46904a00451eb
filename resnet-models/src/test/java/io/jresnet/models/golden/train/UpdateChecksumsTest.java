package io.jresnet.models.golden.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Java checksums against those {@code train_step_checksums.py} wrote, and what the error estimate sees. */
class UpdateChecksumsTest {
  /**
   * Every fully recorded final delta, checksummed here, gives the Python checksums of the last step: the same sample
   * indices and, up to the float32 rounding of the recorded delta, the same norm, projections and samples.
   */
  @Test
  void javaChecksumsOfTheRecordedDeltasMatchPython() {
    for (TrainingCase c : TrainingFixtures.cases()) {
      Map<String, float[]> full = TrainingFixtures.fullDeltas(c);
      Map<String, UpdateChecksums> last = TrainingFixtures.checksums(c).getLast();
      assertTrue(full.size() > 10, c + ": only " + full.size() + " full deltas");
      for (Map.Entry<String, float[]> e : full.entrySet()) {
        UpdateChecksums reference = last.get(e.getKey());
        double[] delta = new double[e.getValue().length];
        for (int i = 0; i < delta.length; i++) {
          delta[i] = e.getValue()[i];
        }
        UpdateChecksums java = UpdateChecksums.ofDelta(e.getKey(), reference.shape(), delta, reference.updatedL2());
        String what = c.model() + " " + e.getKey();
        assertArrayEquals(reference.sampleIndices(), java.sampleIndices(), what + ": sample indices");
        // float32 rounding of each element is below 2^-24 of it, so ||rounding|| <= 6e-8 ||D|| and a projection
        // on |r| <= 1 moves by at most that times sqrt(n).
        double bound = 1e-7 * reference.deltaL2() * Math.sqrt(delta.length);
        assertEquals(reference.deltaL2(), java.deltaL2(), 1e-7 * reference.deltaL2(), what + ": ||D||");
        for (int k = 0; k < UpdateChecksums.PROJECTIONS; k++) {
          assertEquals(reference.projections()[k], java.projections()[k], bound, what + ": projection " + k);
        }
        assertTrue(java.errorEstimate(reference) <= bound, what + ": estimate " + java.errorEstimate(reference));
      }
    }
  }

  @Test
  void errorEstimateTracksTheTrueErrorAndCatchesATransposedUpdate() {
    Random random = new Random(3);
    int rows = 64;
    int cols = 48;
    double[] delta = new double[rows * cols];
    double[] noisy = new double[delta.length];
    double[] transposed = new double[delta.length];
    double noiseSquares = 0;
    for (int i = 0; i < delta.length; i++) {
      delta[i] = random.nextGaussian();
    }
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        transposed[c * rows + r] = delta[r * cols + c];
      }
    }
    for (int i = 0; i < delta.length; i++) {
      double e = 1e-3 * random.nextGaussian();
      noisy[i] = delta[i] + e;
      noiseSquares += e * e;
    }
    int[] shape = {rows, cols};
    UpdateChecksums reference = UpdateChecksums.ofDelta("fc.weight", shape, delta, 1);
    double estimate = UpdateChecksums.ofDelta("fc.weight", shape, noisy, 1).errorEstimate(reference);
    double trueError = Math.sqrt(noiseSquares);
    assertTrue(estimate > 0.4 * trueError && estimate < 2.5 * trueError, estimate + " vs " + trueError);
    double deltaNorm = reference.deltaL2();
    double swapped = UpdateChecksums.ofDelta("fc.weight", shape, transposed, 1).errorEstimate(reference);
    assertEquals(0, reference.errorEstimate(reference));
    assertTrue(swapped > 0.5 * deltaNorm, "transposed: " + swapped + " of " + deltaNorm);
  }

  @Test
  void checksumsOfAnotherTensorAreRejectedByName() {
    double[] delta = {1, 2, 3};
    UpdateChecksums bias = UpdateChecksums.ofDelta("fc.bias", new int[] {3}, delta, 1);
    UpdateChecksums other = UpdateChecksums.ofDelta("bn1.bias", new int[] {3}, delta, 1);
    AssertionError e = assertThrows(AssertionError.class, () -> bias.errorEstimate(other));
    assertTrue(e.getMessage().contains("'fc.bias'") && e.getMessage().contains("'bn1.bias'"), e.getMessage());
  }

  @Test
  void aTensorMissingFromTheRunIsNamed() {
    TrainingCase c = TrainingFixtures.cases().getFirst();
    List<Map<String, UpdateChecksums>> reference = TrainingFixtures.checksums(c);
    Map<String, UpdateChecksums> withoutFc = new LinkedHashMap<>(reference.getFirst());
    withoutFc.remove("fc.bias");
    JavaTrainingRun run = new JavaTrainingRun(
        c.steps().stream().map(TrainingStepFixture::loss).toList(), List.of(withoutFc, reference.get(1)), Map.of());
    AssertionError e = assertThrows(
        AssertionError.class, () -> TrainingComparison.of(c, run, reference, Map.of()));
    assertTrue(e.getMessage().contains("only in PyTorch's state_dict [fc.bias]"), e.getMessage());
  }
}
