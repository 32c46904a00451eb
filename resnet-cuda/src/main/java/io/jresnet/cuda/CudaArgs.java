package io.jresnet.cuda;

import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;

/**
 * Argument checks shared by the kernels, worded as the CPU backend's: the kernel and the argument at fault, e.g.
 * {@code "conv2d: residual has shape [1, 8, 8, 4], expected [1, 8, 8, 16]"}.
 */
final class CudaArgs {
  private final CudaBackend backend;

  CudaArgs(CudaBackend backend) {
    this.backend = backend;
  }

  /** {@code tensor} as a live tensor of this backend. */
  CudaTensor require(Tensor tensor, String kernel, String argument) {
    if (tensor == null) {
      throw new IllegalArgumentException(kernel + ": " + argument + " is null");
    }
    if (!(tensor instanceof CudaTensor cuda) || cuda.backend() != backend) {
      String owner = tensor instanceof CudaTensor
          ? "another cuda backend instance"
          : "backend '" + tensor.backend().name() + "'";
      throw new IllegalArgumentException(kernel + ": " + argument + " belongs to " + owner
          + ", not to this cuda backend; copy it over with fromHost(copyToHost())");
    }
    if (cuda.isClosed()) {
      throw new IllegalStateException(kernel + ": " + argument + " " + cuda.shape() + " is closed");
    }
    return cuda;
  }

  /** Like {@link #require}, but null stays null (optional arguments such as a bias). */
  CudaTensor optional(Tensor tensor, String kernel, String argument) {
    return tensor == null ? null : require(tensor, kernel, argument);
  }

  static void requireShape(CudaTensor tensor, Shape expected, String kernel, String argument) {
    if (tensor != null && !tensor.shape().equals(expected)) {
      throw new IllegalArgumentException(
          kernel + ": " + argument + " has shape " + tensor.shape() + ", expected " + expected);
    }
  }

  static void requireRank(CudaTensor tensor, int rank, String layout, String kernel, String argument) {
    if (tensor.shape().rank() != rank) {
      throw new IllegalArgumentException(
          kernel + ": " + argument + " must be " + layout + " (rank " + rank + "), got shape " + tensor.shape());
    }
  }

  static void requireSameSize(CudaTensor a, CudaTensor b, String kernel, String aName, String bName) {
    if (a.elements() != b.elements()) {
      throw new IllegalArgumentException(kernel + ": " + aName + " " + a.shape() + " and " + bName + " "
          + b.shape() + " differ in element count");
    }
  }

  static void requirePadding(int top, int bottom, int left, int right, String kernel) {
    if (top < 0 || bottom < 0 || left < 0 || right < 0) {
      throw new IllegalArgumentException(kernel + ": padding must be >= 0, got top=" + top + " bottom=" + bottom
          + " left=" + left + " right=" + right);
    }
  }

  /** Rejects an output that is the same memory as an input it must not overwrite while reading. */
  static void requireDistinct(CudaTensor output, CudaTensor input, String kernel, String outputName,
      String inputName) {
    if (input != null && output.address() == input.address() && output.elements() > 0) {
      throw new IllegalArgumentException(kernel + ": " + outputName + " must not be the same tensor as " + inputName);
    }
  }
}
