package io.jresnet.cuda.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * cuDNN convolution: algorithm search ({@code Find...Ex} measures on real buffers, {@code Get..._v7} asks the
 * heuristics), workspace sizes, forward, fused forward with bias + residual + activation, and the two backward
 * passes. Descriptors come from {@link Cudnn}; tensors, filters and workspaces are device addresses.
 */
public final class CudnnConvolution {
  /** Which pass an algorithm search is for. */
  public enum Direction { FORWARD, BACKWARD_DATA, BACKWARD_FILTER }

  /** {@code cudnnConvolution{Fwd,BwdData,BwdFilter}AlgoPerf_t}: the three share one layout. */
  static final StructLayout PERF = MemoryLayout.structLayout(
      JAVA_INT.withName("algo"), JAVA_INT.withName("status"), JAVA_FLOAT.withName("time"),
      MemoryLayout.paddingLayout(4), JAVA_LONG.withName("memory"), JAVA_INT.withName("determinism"),
      JAVA_INT.withName("mathType"), MemoryLayout.sequenceLayout(3, JAVA_INT).withName("reserved"),
      MemoryLayout.paddingLayout(4));

  private static final int MAX_ALGOS = 16;

  private final Cudnn cudnn;
  private final NativeFunction[] find = new NativeFunction[3];
  private final NativeFunction[] get = new NativeFunction[3];
  private final NativeFunction[] workspace = new NativeFunction[3];
  private final NativeFunction forward;
  private final NativeFunction biasActivationForward;
  private final NativeFunction backwardData;
  private final NativeFunction backwardFilter;

  CudnnConvolution(Cudnn cudnn) {
    this.cudnn = cudnn;
    NativeLibrary lib = cudnn.library();
    // handle, three descriptors + pointers, conv desc, requested count, *returned, *perf, workspace, bytes
    FunctionDescriptor findEx = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
        JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG);
    FunctionDescriptor getV7 = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
        JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS);
    FunctionDescriptor size = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG,
        JAVA_LONG, JAVA_INT, ADDRESS);
    String[] names = {"Forward", "BackwardData", "BackwardFilter"};
    for (int d = 0; d < 3; d++) {
      find[d] = lib.function("cudnnFindConvolution" + names[d] + "AlgorithmEx", findEx);
      get[d] = lib.function("cudnnGetConvolution" + names[d] + "Algorithm_v7", getV7);
      workspace[d] = lib.function("cudnnGetConvolution" + names[d] + "WorkspaceSize", size);
    }
    // handle, alpha, xDesc, x, wDesc, w, convDesc, algo, ws, wsBytes, beta, yDesc, y
    FunctionDescriptor run = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG,
        JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG);
    forward = lib.function("cudnnConvolutionForward", run);
    backwardData = lib.function("cudnnConvolutionBackwardData", run);
    backwardFilter = lib.function("cudnnConvolutionBackwardFilter", run);
    biasActivationForward = lib.function("cudnnConvolutionBiasActivationForward", FunctionDescriptor.of(JAVA_INT,
        JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG,
        ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
  }

  /**
   * Measures every algorithm on real buffers ({@code cudnnFind...AlgorithmEx}); the outputs are overwritten.
   * Descriptor and pointer order per direction: FORWARD (x, w, y), BACKWARD_DATA (w, dy, dx), BACKWARD_FILTER
   * (x, dy, dw).
   *
   * @return the usable algorithms, fastest first
   */
  public List<ConvAlgorithm> find(Direction direction, long handle, long aDesc, long a, long bDesc, long b,
      long convDesc, long cDesc, long c, long workspaceAddress, long workspaceBytes) {
    NativeFunction f = find[direction.ordinal()];
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment count = arena.allocate(JAVA_INT);
      MemorySegment perf = arena.allocate(PERF, MAX_ALGOS);
      cudnn.check(f, f.invokeStatus(handle, aDesc, a, bDesc, b, convDesc, cDesc, c, MAX_ALGOS, count, perf,
          workspaceAddress, workspaceBytes));
      return results(perf, count.get(JAVA_INT, 0));
    }
  }

  /**
   * The heuristics' ranking ({@code cudnnGet...Algorithm_v7}), no measurement. Descriptor order as in
   * {@link #find}.
   */
  public List<ConvAlgorithm> heuristic(Direction direction, long handle, long aDesc, long bDesc, long convDesc,
      long cDesc) {
    NativeFunction f = get[direction.ordinal()];
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment count = arena.allocate(JAVA_INT);
      MemorySegment perf = arena.allocate(PERF, MAX_ALGOS);
      cudnn.check(f, f.invokeStatus(handle, aDesc, bDesc, convDesc, cDesc, MAX_ALGOS, count, perf));
      return results(perf, count.get(JAVA_INT, 0));
    }
  }

  /** Workspace bytes {@code algo} needs; descriptor order as in {@link #find}. */
  public long workspaceBytes(Direction direction, long handle, long aDesc, long bDesc, long convDesc, long cDesc,
      int algo) {
    NativeFunction f = workspace[direction.ordinal()];
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(JAVA_LONG);
      cudnn.check(f, f.invokeStatus(handle, aDesc, bDesc, convDesc, cDesc, algo, out));
      return out.get(JAVA_LONG, 0);
    }
  }

  /** {@code y = conv(x, w)}. */
  public void forward(long handle, long xDesc, long x, long wDesc, long w, long convDesc, int algo, long ws,
      long wsBytes, long yDesc, long y) {
    cudnn.check(forward, forward.invokeStatus(handle, cudnn.one(), xDesc, x, wDesc, w, convDesc, algo, ws, wsBytes,
        cudnn.zero(), yDesc, y));
  }

  /**
   * {@code y = act(conv(x, w) + z + bias)} in one pass; with {@code z == 0} the residual is skipped (cuDNN then
   * reads {@code y} with factor 0). Identity activation is only supported by {@code IMPLICIT_PRECOMP_GEMM}.
   */
  public void biasActivationForward(long handle, long xDesc, long x, long wDesc, long w, long convDesc, int algo,
      long ws, long wsBytes, long zDesc, long z, long biasDesc, long bias, long activationDesc, long yDesc, long y) {
    MemorySegment alpha2 = z == 0 ? cudnn.zero() : cudnn.one();
    long zPointer = z == 0 ? y : z;
    cudnn.check(biasActivationForward, biasActivationForward.invokeStatus(handle, cudnn.one(), xDesc, x, wDesc, w,
        convDesc, algo, ws, wsBytes, alpha2, zDesc, zPointer, biasDesc, bias, activationDesc, yDesc, y));
  }

  /** {@code dx = conv_transpose(dy, w)}, overwriting {@code dx}. */
  public void backwardData(long handle, long wDesc, long w, long dyDesc, long dy, long convDesc, int algo, long ws,
      long wsBytes, long dxDesc, long dx) {
    cudnn.check(backwardData, backwardData.invokeStatus(handle, cudnn.one(), wDesc, w, dyDesc, dy, convDesc, algo,
        ws, wsBytes, cudnn.zero(), dxDesc, dx));
  }

  /** {@code dw = correlation of x with dy}, overwriting {@code dw}. */
  public void backwardFilter(long handle, long xDesc, long x, long dyDesc, long dy, long convDesc, int algo,
      long ws, long wsBytes, long dwDesc, long dw) {
    cudnn.check(backwardFilter, backwardFilter.invokeStatus(handle, cudnn.one(), xDesc, x, dyDesc, dy, convDesc,
        algo, ws, wsBytes, cudnn.zero(), dwDesc, dw));
  }

  private static List<ConvAlgorithm> results(MemorySegment perf, int count) {
    List<ConvAlgorithm> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      MemorySegment p = perf.asSlice(i * PERF.byteSize(), PERF.byteSize());
      int status = p.get(JAVA_INT, 4);
      if (status == 0) {
        out.add(new ConvAlgorithm(p.get(JAVA_INT, 0), status, p.get(JAVA_FLOAT, 8), p.get(JAVA_LONG, 16),
            p.get(JAVA_INT, 24) == 1, p.get(JAVA_INT, 28)));
      }
    }
    return out;
  }
}
