package io.jresnet.cuda;

import io.jresnet.cuda.ffi.CudnnConvolution.Direction;
import java.util.Objects;

/**
 * What one cuDNN algorithm choice depends on: the convolution's shape, the pass, and whether TF32 is allowed. Each
 * key is searched once ({@code cudnnFind...} or the heuristics) and its choice reused for every later call.
 */
record ConvAlgorithmKey(ConvShape shape, Direction direction, boolean tf32) {
  ConvAlgorithmKey {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(direction, "direction");
  }
}
