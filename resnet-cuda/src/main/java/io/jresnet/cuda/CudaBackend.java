package io.jresnet.cuda;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendInfo;
import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.ConvKernels;
import io.jresnet.backend.DenseKernels;
import io.jresnet.backend.ElementwiseKernels;
import io.jresnet.backend.LossKernels;
import io.jresnet.backend.NormKernels;
import io.jresnet.backend.OptimizerKernels;
import io.jresnet.backend.PoolKernels;
import io.jresnet.cuda.ffi.Cublas;
import io.jresnet.cuda.ffi.Cudnn;
import io.jresnet.cuda.ffi.GpuDevice;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import jcuda.Pointer;

/**
 * The CUDA backend: tensors in device memory from a caching pool, cuDNN for convolutions and training batch-norm
 * (NHWC descriptors, algorithms chosen once per shape), cuBLAS for dense layers, and own PTX kernels for the rest.
 * TF32 is off unless {@link CudaOptions#tf32()} asks for it. One caller thread at a time; the context is made
 * current on whichever thread calls.
 */
public final class CudaBackend implements Backend {
  private final CudaLibraries libraries;
  private final CudaOptions options;
  private final CudaContext context;
  private final CudaMemoryPool pool;
  private final PtxKernels kernels;
  private final long cudnnHandle;
  private final long cublasHandle;
  private final CudaArgs args;
  private final CudaConv conv;
  private final CudaNorm norm;
  private final CudaPool pooling;
  private final CudaElementwise elementwise;
  private final CudaDense dense;
  private final CudaLoss loss;
  private final CudaOptimizer optimizer;
  private boolean closed;

  private CudaBackend(CudaLibraries libraries, CudaOptions options, CudaContext context, PtxKernels kernels,
      long cudnnHandle, long cublasHandle) {
    this.libraries = libraries;
    this.options = options;
    this.context = context;
    this.pool = new CudaMemoryPool(context);
    this.kernels = kernels;
    this.cudnnHandle = cudnnHandle;
    this.cublasHandle = cublasHandle;
    this.args = new CudaArgs(this);
    this.elementwise = new CudaElementwise(this);
    this.conv = new CudaConv(this);
    this.norm = new CudaNorm(this);
    this.pooling = new CudaPool(this);
    this.dense = new CudaDense(this);
    this.loss = new CudaLoss(this);
    this.optimizer = new CudaOptimizer(this);
  }

  /** Opens device {@link CudaOptions#deviceOrdinal()}: context, PTX modules, cuDNN and cuBLAS handles. */
  static CudaBackend open(CudaLibraries libraries, CudaOptions options) {
    Objects.requireNonNull(libraries, "libraries");
    Objects.requireNonNull(options, "options");
    CudaContext context = CudaContext.open(options.deviceOrdinal());
    PtxKernels kernels = null;
    long cudnnHandle = 0;
    try {
      kernels = PtxKernels.load();
      cudnnHandle = libraries.cudnn().createHandle();
      long cublasHandle = libraries.cublas().createHandle();
      libraries.cublas().setMathMode(cublasHandle, options.tf32() ? Cublas.TF32_TENSOR_OP_MATH : Cublas.PEDANTIC_MATH);
      return new CudaBackend(libraries, options, context, kernels, cudnnHandle, cublasHandle);
    } catch (RuntimeException e) {
      if (cudnnHandle != 0) {
        libraries.cudnn().destroyHandle(cudnnHandle);
      }
      if (kernels != null) {
        kernels.close();
      }
      context.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return CudaBackendProvider.NAME;
  }

  @Override
  public BackendInfo info() {
    GpuDevice d = libraries.device();
    Map<String, String> details = new LinkedHashMap<>();
    details.put("memory", d.memoryText());
    details.put("compute capability", d.computeCapability());
    details.put("driver", d.driverVersion());
    details.put("CUDA (driver API)", d.cudaVersion());
    details.put("cuDNN", libraries.cudnnVersion() + " (" + libraries.cudnn().library().displayName() + ")");
    details.put("cuBLAS", libraries.cublasVersion() + " (" + libraries.cublas().library().displayName() + ")");
    details.put("TF32", options.tf32() ? "on" : "off");
    String device = d.name() + ", " + d.memoryText() + ", driver " + d.driverVersion() + ", CUDA "
        + d.cudaVersion() + ", cuDNN " + libraries.cudnnVersion() + (options.tf32() ? ", TF32" : "");
    return new BackendInfo(name(), device, 1, 1, details);
  }

  @Override
  public Tensor allocate(Shape shape) {
    CudaTensor t = newTensor(Objects.requireNonNull(shape, "shape"), false);
    if (t.bytes() > 0) {
      context.zero(t.address(), t.bytes());
    }
    return t;
  }

  @Override
  public Tensor fromHost(float[] data, Shape shape) {
    Objects.requireNonNull(shape, "shape");
    if (data == null || data.length != shape.size()) {
      throw new IllegalArgumentException("fromHost: data has " + (data == null ? "no" : data.length)
          + " floats, shape " + shape + " holds " + shape.size());
    }
    CudaTensor t = newTensor(shape, false);
    t.copyFromHost(data);
    return t;
  }

  /** Transposes HWIO to KRSC on the device, once: cuDNN's NHWC filter layout. */
  @Override
  public Tensor prepareConvWeight(Tensor hwio, Conv2dParams params) {
    CudaTensor w = args.require(hwio, "prepareConvWeight", "hwio");
    CudaArgs.requireRank(w, 4, "HWIO [kh, kw, cin/groups, cout]", "prepareConvWeight", "hwio");
    enter();
    CudaTensor prepared = newTensor(w.shape(), true);
    if (w.isKrsc()) {
      context.copyOnDevice(prepared.address(), w.address(), w.bytes());
    } else {
      elementwise.transpose(w.address(), prepared.address(), KrscLayout.rows(w.shape()), w.shape().dim(3));
    }
    return prepared;
  }

  @Override
  public ConvKernels conv() {
    return conv;
  }

  @Override
  public NormKernels norm() {
    return norm;
  }

  @Override
  public PoolKernels pool() {
    return pooling;
  }

  @Override
  public ElementwiseKernels elementwise() {
    return elementwise;
  }

  @Override
  public DenseKernels dense() {
    return dense;
  }

  @Override
  public LossKernels loss() {
    return loss;
  }

  @Override
  public OptimizerKernels optimizer() {
    return optimizer;
  }

  /** Device memory the pool holds: {@code [in use, cached, device allocations so far]}. */
  public long[] memoryStatistics() {
    return new long[] {pool.bytesInUse(), pool.bytesCached(), pool.deviceAllocations()};
  }

  /** Waits until the device has finished all queued work (for timing). */
  public void synchronize() {
    enter();
    context.synchronize();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    enter();
    context.synchronize();
    conv.close();
    norm.close();
    libraries.cudnn().destroyHandle(cudnnHandle);
    libraries.cublas().destroyHandle(cublasHandle);
    kernels.close();
    pool.close();
    closed = true;
    context.close();
  }

  // ---- for the kernel families ----

  void enter() {
    if (closed) {
      throw new IllegalStateException("the cuda backend is closed");
    }
    context.makeCurrent();
  }

  CudaTensor newTensor(Shape shape, boolean krsc) {
    enter();
    long bytes = shape.elementCount() * Float.BYTES;
    return new CudaTensor(this, shape, bytes == 0 ? 0 : pool.acquire(bytes), krsc);
  }

  void release(long address) {
    if (address != 0 && !closed) {
      pool.release(address);
    }
  }

  /** Scratch device memory for one call; close it (try-with-resources) to give it back. */
  DeviceBuffer scratch(long bytes) {
    return new DeviceBuffer(pool, pool.acquire(Math.max(bytes, 1)), bytes);
  }

  void download(Pointer host, long address, long bytes) {
    context.copyToHost(host, address, bytes);
  }

  void upload(long address, Pointer host, long bytes) {
    context.copyToDevice(address, host, bytes);
  }

  CudaContext context() {
    return context;
  }

  PtxKernels kernels() {
    return kernels;
  }

  CudaArgs args() {
    return args;
  }

  CudaOptions options() {
    return options;
  }

  Cudnn cudnn() {
    return libraries.cudnn();
  }

  long cudnnHandle() {
    return cudnnHandle;
  }

  Cublas cublas() {
    return libraries.cublas();
  }

  long cublasHandle() {
    return cublasHandle;
  }

  CudaElementwise elementwiseKernels() {
    return elementwise;
  }
}
