package io.jresnet.bench;

import java.util.List;

/**
 * The peak resident memory of both frameworks under one set of JVM flags.
 *
 * @param gc the garbage-collector configuration both child JVMs ran with, as the table shows it
 * @param extraFlags the flags added to both children for it (empty: this JVM's own)
 * @param jresnetKib jresnet's peak resident set in KiB
 * @param ortKib ONNX Runtime's peak resident set in KiB
 */
public record PeakMemoryPair(String gc, List<String> extraFlags, long jresnetKib, long ortKib) {
  public PeakMemoryPair {
    extraFlags = List.copyOf(extraFlags);
    if (jresnetKib <= 0 || ortKib <= 0) {
      throw new IllegalArgumentException("peak memory must be positive, got " + jresnetKib + " and " + ortKib);
    }
  }

  /** jresnet's peak over ONNX Runtime's. */
  public double ratio() {
    return (double) jresnetKib / ortKib;
  }
}
