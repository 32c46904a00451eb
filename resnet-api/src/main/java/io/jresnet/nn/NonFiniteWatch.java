package io.jresnet.nn;

import io.jresnet.tensor.Tensor;

/** Checks values of one training step in the order they are made and keeps the first that is not all finite. */
final class NonFiniteWatch {
  private NonFiniteValue first;

  /** Counts {@code t}'s non-finite elements unless an earlier value already had some (one pass over it). */
  void check(String node, NonFiniteValue.Kind kind, String tensor, Tensor t) {
    if (first != null) {
      return;
    }
    long count = t.backend().elementwise().countNonFinite(t);
    if (count > 0) {
      first = new NonFiniteValue(node, kind, tensor, count);
    }
  }

  /** The first non-finite value seen, or null. */
  NonFiniteValue first() {
    return first;
  }
}
