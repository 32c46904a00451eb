package io.jresnet.cuda.ffi;

/**
 * One algorithm cuDNN offers for a convolution direction, as {@code cudnnConvolution*AlgoPerf_t} reports it.
 *
 * @param algo the algorithm enum value of its direction
 * @param status {@code CUDNN_STATUS_SUCCESS} (0) when usable
 * @param timeMs measured time (Find) or -1 (heuristic Get)
 * @param workspaceBytes workspace it needs
 * @param deterministic whether results are bit-reproducible
 * @param mathType the math type it runs with ({@link Cudnn#MATH_FMA}, ...)
 */
public record ConvAlgorithm(
    int algo, int status, float timeMs, long workspaceBytes, boolean deterministic, int mathType) {}
