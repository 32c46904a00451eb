package io.jresnet.cuda;

/**
 * The algorithm a convolution pass runs with, and the math type and workspace that go with it.
 *
 * @param algo cuDNN's algorithm enum value for the pass
 * @param mathType the math type to set on the convolution descriptor
 * @param workspaceBytes workspace bytes the algorithm needs
 */
record ConvChoice(int algo, int mathType, long workspaceBytes) {
  ConvChoice {
    if (algo < 0 || workspaceBytes < 0) {
      throw new IllegalArgumentException("algo and workspace must be >= 0, got " + algo + ", " + workspaceBytes);
    }
  }
}
