package io.jresnet.cuda.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;

/**
 * The few cuBLAS calls the backend needs (v2 API, cuBLAS 12 and 13): handle, stream, math mode, SGEMM and GemmEx.
 * Matrices are column-major as in BLAS; the backend maps its row-major tensors onto them. Every status other than
 * {@code CUBLAS_STATUS_SUCCESS} becomes a {@link CudaCallException} worded by {@code cublasGetStatusString}.
 */
public final class Cublas {
  public static final int OP_N = 0;
  public static final int OP_T = 1;
  /** Plain FP32, no tensor-core down-conversion (the 1e-4 accuracy contract). */
  public static final int PEDANTIC_MATH = 2;
  public static final int DEFAULT_MATH = 0;
  /** FP32 GEMMs may use TF32 tensor cores. */
  public static final int TF32_TENSOR_OP_MATH = 3;
  public static final int R_32F = 0;
  public static final int R_16F = 2;
  public static final int COMPUTE_32F = 68;
  public static final int COMPUTE_32F_FAST_TF32 = 77;
  public static final int GEMM_DEFAULT = -1;

  private final NativeLibrary library;
  private final NativeFunction statusString;
  private final NativeFunction getProperty;
  private final NativeFunction create;
  private final NativeFunction destroy;
  private final NativeFunction setStream;
  private final NativeFunction setMathMode;
  private final NativeFunction sgemm;
  private final NativeFunction gemmEx;
  private final MemorySegment one = Arena.ofAuto().allocateFrom(JAVA_FLOAT, 1f);
  private final MemorySegment zero = Arena.ofAuto().allocateFrom(JAVA_FLOAT, 0f);

  /** Binds to an opened cuBLAS; no function is resolved until first called. */
  public Cublas(NativeLibrary library) {
    this.library = library;
    statusString = library.function("cublasGetStatusString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    getProperty = library.function("cublasGetProperty", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    create = library.function("cublasCreate_v2", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    destroy = library.function("cublasDestroy_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
    setStream = library.function("cublasSetStream_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
    setMathMode = library.function("cublasSetMathMode", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT));
    // handle, transa, transb, m, n, k, alpha, A, lda, B, ldb, beta, C, ldc
    sgemm = library.function("cublasSgemm_v2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT,
        JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG,
        JAVA_INT));
    // handle, transa, transb, m, n, k, alpha, A, Atype, lda, B, Btype, ldb, beta, C, Ctype, ldc, computeType, algo
    gemmEx = library.function("cublasGemmEx", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT,
        JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS,
        JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
  }

  public NativeLibrary library() {
    return library;
  }

  /** {@code 12.6.4}: from {@code cublasGetProperty}, which needs no handle (and so no GPU). */
  public String version() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(JAVA_INT);
      StringBuilder text = new StringBuilder();
      for (int part = 0; part < 3; part++) {
        check(getProperty, getProperty.invokeStatus(part, out));
        text.append(part == 0 ? "" : ".").append(out.get(JAVA_INT, 0));
      }
      return text.toString();
    }
  }

  public long createHandle() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(JAVA_LONG);
      check(create, create.invokeStatus(out));
      return out.get(JAVA_LONG, 0);
    }
  }

  public void destroyHandle(long handle) {
    check(destroy, destroy.invokeStatus(handle));
  }

  public void setStream(long handle, long stream) {
    check(setStream, setStream.invokeStatus(handle, stream));
  }

  /** {@link #PEDANTIC_MATH} (no TF32) or {@link #TF32_TENSOR_OP_MATH}. */
  public void setMathMode(long handle, int mode) {
    check(setMathMode, setMathMode.invokeStatus(handle, mode));
  }

  /** {@code C = op(A) · op(B)} (alpha 1, beta 0), column-major, float. */
  public void sgemm(long handle, int transA, int transB, int m, int n, int k, long a, int lda, long b, int ldb,
      long c, int ldc) {
    check(sgemm, sgemm.invokeStatus(handle, transA, transB, m, n, k, one, a, lda, b, ldb, zero, c, ldc));
  }

  /** {@code C = op(A) · op(B)} with explicit storage and compute types (FP16 operands, TF32 compute). */
  public void gemmEx(long handle, int transA, int transB, int m, int n, int k, long a, int aType, int lda, long b,
      int bType, int ldb, long c, int cType, int ldc, int computeType) {
    check(gemmEx, gemmEx.invokeStatus(handle, transA, transB, m, n, k, one, a, aType, lda, b, bType, ldb, zero, c,
        cType, ldc, computeType, GEMM_DEFAULT));
  }

  private void check(NativeFunction call, int status) {
    if (status != 0) {
      String text;
      try {
        text = ((MemorySegment) statusString.invoke(status)).reinterpret(256).getString(0);
      } catch (RuntimeException e) {
        text = "cuBLAS status";
      }
      throw new CudaCallException(call.name(), status, text);
    }
  }
}
