package io.jresnet.cpu;

import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;

/**
 * Argument checks shared by the kernels. Messages name the kernel and the argument at fault (e.g. {@code "conv2d:
 * residual has shape [1, 8, 8, 4], expected [1, 8, 8, 16]"}), because the backend does not know graph node names.
 */
final class KernelArgs {
  private final CpuBackend backend;

  KernelArgs(CpuBackend backend) {
    this.backend = backend;
  }

  /** {@code tensor} as a live tensor of this backend. */
  CpuTensor require(Tensor tensor, String kernel, String argument) {
    if (tensor == null) {
      throw new IllegalArgumentException(kernel + ": " + argument + " is null");
    }
    if (!(tensor instanceof CpuTensor cpu) || cpu.backend() != backend) {
      String owner = tensor instanceof CpuTensor
          ? "another cpu backend instance"
          : "backend '" + tensor.backend().name() + "'";
      throw new IllegalArgumentException(
          kernel + ": " + argument + " belongs to " + owner
              + ", not to this cpu backend; copy it over with fromHost(copyToHost())");
    }
    if (cpu.isClosed()) {
      throw new IllegalStateException(kernel + ": " + argument + " " + cpu.shape() + " is closed");
    }
    return cpu;
  }

  /** Like {@link #require}, but null stays null (optional arguments such as a bias). */
  CpuTensor optional(Tensor tensor, String kernel, String argument) {
    return tensor == null ? null : require(tensor, kernel, argument);
  }

  static void requireShape(CpuTensor tensor, Shape expected, String kernel, String argument) {
    if (!tensor.shape().equals(expected)) {
      throw new IllegalArgumentException(
          kernel + ": " + argument + " has shape " + tensor.shape() + ", expected " + expected);
    }
  }

  /** {@link #requireShape} for {@code [rows, cols]}, making the expected shape only for the message. */
  static void requireMatrix(CpuTensor tensor, int rows, int cols, String kernel, String argument) {
    Shape s = tensor.shape();
    if (s.rank() != 2 || s.dim(0) != rows || s.dim(1) != cols) {
      requireShape(tensor, Shape.of(rows, cols), kernel, argument);
    }
  }

  /** {@link #requireShape} for {@code [length]}, making the expected shape only for the message. */
  static void requireVector(CpuTensor tensor, int length, String kernel, String argument) {
    Shape s = tensor.shape();
    if (s.rank() != 1 || s.dim(0) != length) {
      requireShape(tensor, Shape.of(length), kernel, argument);
    }
  }

  static void requireRank(CpuTensor tensor, int rank, String layout, String kernel, String argument) {
    if (tensor.shape().rank() != rank) {
      throw new IllegalArgumentException(
          kernel + ": " + argument + " must be " + layout + " (rank " + rank + "), got shape " + tensor.shape());
    }
  }

  /** Rejects an output that shares memory with an input it must not overwrite while reading. */
  /** Zero padding of H and W must be non-negative on every side. */
  static void requirePadding(int top, int bottom, int left, int right, String kernel) {
    if (top < 0 || bottom < 0 || left < 0 || right < 0) {
      throw new IllegalArgumentException(
          kernel + ": padding must be >= 0, got top=" + top + " bottom=" + bottom + " left=" + left
              + " right=" + right);
    }
  }

  static void requireDistinct(CpuTensor output, CpuTensor input, String kernel, String outputName, String inputName) {
    if (input != null && output.data() == input.data()) {
      throw new IllegalArgumentException(kernel + ": " + outputName + " must not be the same tensor as " + inputName);
    }
  }
}
