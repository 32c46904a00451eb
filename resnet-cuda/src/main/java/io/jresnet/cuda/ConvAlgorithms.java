package io.jresnet.cuda;

import io.jresnet.cuda.ffi.ConvAlgorithm;
import io.jresnet.cuda.ffi.Cudnn;
import java.util.List;
import java.util.Optional;

/** Picks the algorithm a convolution pass runs with from cuDNN's ranked list (fastest or most likely first). */
final class ConvAlgorithms {
  private ConvAlgorithms() {}

  /**
   * The first usable algorithm that fits the workspace cap; without TF32 only plain FP32 math ({@code FMA}, or
   * {@code DEFAULT}, which the descriptor then pins to {@code FMA}) qualifies, so no tensor-core down-conversion
   * breaks the 1e-4 contract.
   */
  static Optional<ConvChoice> choose(List<ConvAlgorithm> ranked, boolean tf32, long workspaceCap) {
    for (ConvAlgorithm a : ranked) {
      if (a.status() != 0 || a.workspaceBytes() > workspaceCap) {
        continue;
      }
      if (tf32) {
        return Optional.of(new ConvChoice(a.algo(), a.mathType(), a.workspaceBytes()));
      }
      if (a.mathType() == Cudnn.MATH_FMA || a.mathType() == Cudnn.MATH_DEFAULT) {
        return Optional.of(new ConvChoice(a.algo(), Cudnn.MATH_FMA, a.workspaceBytes()));
      }
    }
    return Optional.empty();
  }
}
