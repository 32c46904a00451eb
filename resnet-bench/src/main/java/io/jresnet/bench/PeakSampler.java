package io.jresnet.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * FMA-peak trials taken between other measurements, so that a report can set them against the peak the machine
 * offered while they ran. On a shared machine the cores are not always one's own (this project's VMs measure 245 to
 * 335 GFLOPS on 2 threads minutes apart): the best trial says what the hardware can do, the median of trials spread
 * over the run what the measured kernels' arithmetic was up against.
 */
public final class PeakSampler {
  private final VectorWidth width;
  private final int threads;
  private final long iterations;
  private final List<Double> samples = new ArrayList<>();

  /** Trials of about {@code trialMillis} ms at {@code width} on {@code threads} threads (calibrated here). */
  public PeakSampler(VectorWidth width, int threads, int trialMillis) {
    if (threads < 1 || trialMillis < 1) {
      throw new IllegalArgumentException("threads and trialMillis must be >= 1, got " + threads + ", " + trialMillis);
    }
    this.width = width;
    this.threads = threads;
    this.iterations = FmaPeak.iterationsFor(width, trialMillis);
  }

  /** Runs one trial, keeps its GFLOPS and returns them. */
  public double sample() {
    double gflops = FmaPeak.trial(width, threads, iterations);
    samples.add(gflops);
    return gflops;
  }

  /** How many trials ran. */
  public int count() {
    return samples.size();
  }

  /** The median trial in GFLOPS. */
  public double median() {
    if (samples.isEmpty()) {
      throw new IllegalStateException("no peak trials were taken");
    }
    List<Double> sorted = samples.stream().sorted().toList();
    int mid = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
  }
}
