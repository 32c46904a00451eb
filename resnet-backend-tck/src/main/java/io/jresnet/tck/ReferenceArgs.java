package io.jresnet.tck;

import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;

/**
 * Argument checks shared by the reference kernels. Every message starts with the kernel's name and names the
 * argument at fault, so a wrong call reads like "conv2d: y has shape [1, 4, 4, 8], expected [1, 5, 5, 8]".
 */
final class ReferenceArgs {
  private final ReferenceBackend backend;
  private final String kernel;

  ReferenceArgs(ReferenceBackend backend, String kernel) {
    this.backend = backend;
    this.kernel = kernel;
  }

  /** The backing array of a required tensor of this backend. */
  float[] data(String role, Tensor t) {
    if (t == null) {
      throw new IllegalArgumentException(kernel + ": " + role + " must not be null");
    }
    return own(role, t).data();
  }

  /** The backing array of an optional tensor, or null when it is absent. */
  float[] optionalData(String role, Tensor t) {
    return t == null ? null : data(role, t);
  }

  /** Rejects tensors of other backends (other instances of this class included) and closed tensors. */
  ReferenceTensor own(String role, Tensor t) {
    if (t == null) {
      throw new IllegalArgumentException(kernel + ": " + role + " must not be null");
    }
    if (t.backend() != backend || !(t instanceof ReferenceTensor rt)) {
      throw new IllegalArgumentException(
          kernel
              + ": "
              + role
              + " belongs to backend '"
              + t.backend().name()
              + "', not to this "
              + backend.name()
              + " backend");
    }
    if (rt.isClosed()) {
      throw new IllegalStateException(kernel + ": " + role + " " + rt.shape() + " is closed");
    }
    return rt;
  }

  void requireShape(String role, Tensor t, Shape expected) {
    if (t != null && !t.shape().equals(expected)) {
      throw new IllegalArgumentException(
          kernel + ": " + role + " has shape " + t.shape() + ", expected " + expected);
    }
  }

  void requireRank(String role, Tensor t, int rank, String layout) {
    if (t.shape().rank() != rank) {
      throw new IllegalArgumentException(
          kernel + ": " + role + " must be " + layout + ", got shape " + t.shape());
    }
  }

  /** Zero padding of H and W must be non-negative on every side. */
  void requirePadding(int top, int bottom, int left, int right) {
    if (top < 0 || bottom < 0 || left < 0 || right < 0) {
      throw error(
          "padding must be >= 0, got top=" + top + " bottom=" + bottom + " left=" + left + " right=" + right);
    }
  }

  IllegalArgumentException error(String problem) {
    return new IllegalArgumentException(kernel + ": " + problem);
  }
}
