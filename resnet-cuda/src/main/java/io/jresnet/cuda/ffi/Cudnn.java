package io.jresnet.cuda.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;

/**
 * The cuDNN handle, tensor/filter/convolution/activation descriptors and version calls of the legacy (v7-style) API,
 * present unchanged in cuDNN 8 and 9. Handles, descriptors and device pointers travel as {@code long}. Every status
 * other than {@code CUDNN_STATUS_SUCCESS} becomes a {@link CudaCallException} worded by {@code cudnnGetErrorString}.
 * Convolution and batch-norm calls live in {@link CudnnConvolution} and {@link CudnnBatchNorm}.
 */
public final class Cudnn {
  public static final int TENSOR_NCHW = 0;
  public static final int TENSOR_NHWC = 1;
  public static final int DATA_FLOAT = 0;
  public static final int DATA_HALF = 2;
  public static final int CROSS_CORRELATION = 1;
  /** Tensor cores allowed (TF32 for float on Ampere and newer). */
  public static final int MATH_DEFAULT = 0;
  /** Plain FP32 FMA: no TF32 (the 1e-4 accuracy contract). */
  public static final int MATH_FMA = 3;
  public static final int ACTIVATION_RELU = 1;
  public static final int ACTIVATION_IDENTITY = 5;
  public static final int NOT_PROPAGATE_NAN = 0;

  private static final FunctionDescriptor CREATE = FunctionDescriptor.of(JAVA_INT, ADDRESS);
  private static final FunctionDescriptor DESTROY = FunctionDescriptor.of(JAVA_INT, JAVA_LONG);

  private final NativeLibrary library;
  private final NativeFunction errorString;
  private final NativeFunction getVersion;
  private final NativeFunction create;
  private final NativeFunction destroy;
  private final NativeFunction setStream;
  private final NativeFunction createTensor;
  private final NativeFunction setTensor4d;
  private final NativeFunction destroyTensor;
  private final NativeFunction createFilter;
  private final NativeFunction setFilter4d;
  private final NativeFunction destroyFilter;
  private final NativeFunction createConvolution;
  private final NativeFunction setConvolution2d;
  private final NativeFunction setGroupCount;
  private final NativeFunction setMathType;
  private final NativeFunction destroyConvolution;
  private final NativeFunction createActivation;
  private final NativeFunction setActivation;
  private final NativeFunction destroyActivation;
  private final CudnnConvolution convolution;
  private final CudnnBatchNorm batchNorm;
  private final MemorySegment one = Arena.ofAuto().allocateFrom(JAVA_FLOAT, 1f);
  private final MemorySegment zero = Arena.ofAuto().allocateFrom(JAVA_FLOAT, 0f);

  /** Binds to an opened cuDNN; no function is resolved until first called. */
  public Cudnn(NativeLibrary library) {
    this.library = library;
    errorString = library.function("cudnnGetErrorString", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    getVersion = library.function("cudnnGetVersion", FunctionDescriptor.of(JAVA_LONG));
    create = library.function("cudnnCreate", CREATE);
    destroy = library.function("cudnnDestroy", DESTROY);
    setStream = library.function("cudnnSetStream", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
    createTensor = library.function("cudnnCreateTensorDescriptor", CREATE);
    setTensor4d = library.function("cudnnSetTensor4dDescriptor", FunctionDescriptor.of(JAVA_INT, JAVA_LONG,
        JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    destroyTensor = library.function("cudnnDestroyTensorDescriptor", DESTROY);
    createFilter = library.function("cudnnCreateFilterDescriptor", CREATE);
    setFilter4d = library.function("cudnnSetFilter4dDescriptor", FunctionDescriptor.of(JAVA_INT, JAVA_LONG,
        JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    destroyFilter = library.function("cudnnDestroyFilterDescriptor", DESTROY);
    createConvolution = library.function("cudnnCreateConvolutionDescriptor", CREATE);
    setConvolution2d = library.function("cudnnSetConvolution2dDescriptor", FunctionDescriptor.of(JAVA_INT,
        JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    setGroupCount = library.function("cudnnSetConvolutionGroupCount",
        FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT));
    setMathType = library.function("cudnnSetConvolutionMathType",
        FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT));
    destroyConvolution = library.function("cudnnDestroyConvolutionDescriptor", DESTROY);
    createActivation = library.function("cudnnCreateActivationDescriptor", CREATE);
    setActivation = library.function("cudnnSetActivationDescriptor",
        FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_DOUBLE));
    destroyActivation = library.function("cudnnDestroyActivationDescriptor", DESTROY);
    convolution = new CudnnConvolution(this);
    batchNorm = new CudnnBatchNorm(this);
  }

  public NativeLibrary library() {
    return library;
  }

  public CudnnConvolution convolution() {
    return convolution;
  }

  public CudnnBatchNorm batchNorm() {
    return batchNorm;
  }

  /** The raw version number: {@code 90100} for 9.1.0 (cuDNN 9), {@code 8906} for 8.9.6 (cuDNN 8). */
  public long versionNumber() {
    return (Long) getVersion.invoke();
  }

  /** {@code 9.1.0}. */
  public String version() {
    return versionText(versionNumber());
  }

  /** Decodes cuDNN's version number, whose encoding changed in cuDNN 9. */
  public static String versionText(long v) {
    if (v >= 90000) {
      return v / 10000 + "." + (v % 10000) / 100 + "." + v % 100;
    }
    return v / 1000 + "." + (v % 1000) / 100 + "." + v % 100;
  }

  public long createHandle() {
    return createObject(create);
  }

  public void destroyHandle(long handle) {
    check(destroy, destroy.invokeStatus(handle));
  }

  public void setStream(long handle, long stream) {
    check(setStream, setStream.invokeStatus(handle, stream));
  }

  /** A 4-D tensor descriptor with logical dims {@code n, c, h, w} laid out as {@code format}. */
  public long tensor4d(int format, int dataType, int n, int c, int h, int w) {
    long desc = createObject(createTensor);
    check(setTensor4d, setTensor4d.invokeStatus(desc, format, dataType, n, c, h, w));
    return desc;
  }

  public void destroyTensor(long desc) {
    check(destroyTensor, destroyTensor.invokeStatus(desc));
  }

  /** A filter of {@code k} outputs over {@code c} inputs of {@code h x w}; NHWC format means KRSC memory order. */
  public long filter4d(int dataType, int format, int k, int c, int h, int w) {
    long desc = createObject(createFilter);
    check(setFilter4d, setFilter4d.invokeStatus(desc, dataType, format, k, c, h, w));
    return desc;
  }

  public void destroyFilter(long desc) {
    check(destroyFilter, destroyFilter.invokeStatus(desc));
  }

  /** A cross-correlation descriptor with symmetric padding, float accumulation, groups and math type. */
  public long convolution2d(int padH, int padW, int strideH, int strideW, int dilationH, int dilationW, int groups,
      int mathType) {
    long desc = createObject(createConvolution);
    check(setConvolution2d, setConvolution2d.invokeStatus(desc, padH, padW, strideH, strideW, dilationH, dilationW,
        CROSS_CORRELATION, DATA_FLOAT));
    check(setGroupCount, setGroupCount.invokeStatus(desc, groups));
    check(setMathType, setMathType.invokeStatus(desc, mathType));
    return desc;
  }

  /** Sets the math type an algorithm runs with ({@link #MATH_FMA}: no TF32). */
  public void setMathType(long convolutionDesc, int mathType) {
    check(setMathType, setMathType.invokeStatus(convolutionDesc, mathType));
  }

  public void destroyConvolution(long desc) {
    check(destroyConvolution, destroyConvolution.invokeStatus(desc));
  }

  /** An activation descriptor ({@link #ACTIVATION_RELU} or {@link #ACTIVATION_IDENTITY}). */
  public long activation(int mode) {
    long desc = createObject(createActivation);
    check(setActivation, setActivation.invokeStatus(desc, mode, NOT_PROPAGATE_NAN, 0.0));
    return desc;
  }

  public void destroyActivation(long desc) {
    check(destroyActivation, destroyActivation.invokeStatus(desc));
  }

  /** Host float 1, for cuDNN's alpha/beta scaling arguments (float for float tensors). */
  MemorySegment one() {
    return one;
  }

  /** Host float 0. */
  MemorySegment zero() {
    return zero;
  }

  /** Throws unless {@code status} is success, naming {@code call} and cuDNN's wording of the status. */
  void check(NativeFunction call, int status) {
    if (status != 0) {
      String text;
      try {
        text = ((MemorySegment) errorString.invoke(status)).reinterpret(256).getString(0);
      } catch (RuntimeException e) {
        text = "cuDNN status";
      }
      throw new CudaCallException(call.name(), status, text);
    }
  }

  private long createObject(NativeFunction creator) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(JAVA_LONG);
      check(creator, creator.invokeStatus(out));
      return out.get(JAVA_LONG, 0);
    }
  }
}
