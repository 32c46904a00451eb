package io.jresnet.models.golden.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * How far a jresnet training run is from PyTorch's float64 reference, in the terms of the contract: each step's
 * loss relative to the reference loss, and each tensor's updated values after each step, {@code ||W - W_ref||}
 * (estimated from the update checksums, exact where the full delta is recorded) relative to {@code ||W_ref||}.
 *
 * @param lossErrors per step, {@code |loss - ref| / |ref|}
 * @param worstUpdateError the largest {@code ||W - W_ref|| / ||W_ref||} over steps and tensors
 * @param worstUpdate where it is: step and tensor
 * @param medianDeltaError the median over tensors that moved by at least 1e-3 of their norm in the last step of
 *     {@code ||W - W_ref|| / ||W_ref - W0||}, the error relative to the update itself (float32 noise; reported only)
 * @param tensors how many tensors were compared per step
 */
record TrainingComparison(
    double[] lossErrors, double worstUpdateError, String worstUpdate, double medianDeltaError, int tensors) {
  TrainingComparison {
    lossErrors = lossErrors.clone();
    if (lossErrors.length == 0 || tensors <= 0) {
      throw new IllegalArgumentException("a comparison needs at least one step and one tensor");
    }
  }

  /** Compares {@code run} with the reference checksums and final full deltas of {@code c}. */
  static TrainingComparison of(
      TrainingCase c, JavaTrainingRun run, List<Map<String, UpdateChecksums>> reference, Map<String, float[]> full) {
    if (run.losses().size() != c.steps().size() || reference.size() != c.steps().size()) {
      throw new AssertionError(c + ": " + run.losses().size() + " steps run, " + reference.size()
          + " steps of checksums, " + c.steps().size() + " steps in the manifest");
    }
    double[] lossErrors = new double[c.steps().size()];
    double worst = 0;
    String worstAt = "none";
    List<Double> deltaErrors = new ArrayList<>();
    for (int s = 0; s < lossErrors.length; s++) {
      double ref = c.steps().get(s).loss();
      lossErrors[s] = Math.abs(run.losses().get(s) - ref) / Math.abs(ref);
      Map<String, UpdateChecksums> expected = reference.get(s);
      Map<String, UpdateChecksums> actual = run.checksums().get(s);
      if (!expected.keySet().equals(actual.keySet())) {
        TreeSet<String> onlyTorch = new TreeSet<>(expected.keySet());
        onlyTorch.removeAll(actual.keySet());
        TreeSet<String> onlyJava = new TreeSet<>(actual.keySet());
        onlyJava.removeAll(expected.keySet());
        throw new AssertionError(c + ": tensors only in PyTorch's state_dict " + onlyTorch + ", only in jresnet's "
            + onlyJava);
      }
      boolean last = s == lossErrors.length - 1;
      for (UpdateChecksums ref2 : expected.values()) {
        double error = actual.get(ref2.name()).errorEstimate(ref2);
        if (last && full.containsKey(ref2.name())) {
          error = Math.max(error, distance(run.fullDeltas().get(ref2.name()), full.get(ref2.name()), ref2.name()));
        }
        double relative = error / ref2.updatedL2();
        if (relative > worst || worstAt.equals("none")) {
          worst = relative;
          worstAt = "step " + (s + 1) + " " + ref2.name();
        }
        if (last && ref2.deltaL2() >= 1e-3 * ref2.updatedL2()) {
          deltaErrors.add(error / ref2.deltaL2());
        }
      }
    }
    double median = deltaErrors.isEmpty() ? 0 : deltaErrors.stream().sorted().toList().get(deltaErrors.size() / 2);
    return new TrainingComparison(lossErrors, worst, worstAt, median, reference.getFirst().size());
  }

  /** {@code ||actual - expected||}, the float32 reference delta widened exactly. */
  private static double distance(double[] actual, float[] expected, String name) {
    if (actual == null || actual.length != expected.length) {
      throw new AssertionError("full delta of '" + name + "': jresnet has "
          + (actual == null ? "none" : actual.length + " values") + ", the fixture " + expected.length);
    }
    double squares = 0;
    for (int i = 0; i < expected.length; i++) {
      double d = actual[i] - expected[i];
      squares += d * d;
    }
    return Math.sqrt(squares);
  }

  double worstLossError() {
    return Arrays.stream(lossErrors).max().orElseThrow();
  }

  @Override
  public double[] lossErrors() {
    return lossErrors.clone();
  }

  @Override
  public String toString() {
    return String.format("loss errors %s, worst ||W - W_ref|| / ||W_ref|| %.2e (%s) over %d tensors per step,"
        + " median update error %.2e of the update", Arrays.toString(
            Arrays.stream(lossErrors).mapToObj(e -> String.format("%.1e", e)).toArray()),
        worstUpdateError, worstUpdate, tensors, medianDeltaError);
  }
}
