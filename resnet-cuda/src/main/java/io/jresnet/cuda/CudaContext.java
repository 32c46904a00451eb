package io.jresnet.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoD;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD8Async;

import java.util.HashMap;
import java.util.Map;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.JCudaDriver;

/**
 * The CUDA device and its primary context through JCuda's driver API: the context cuDNN and cuBLAS (runtime-API
 * libraries) use too, so device pointers pass freely between them. Memory is addressed by {@code long} device
 * addresses of whole blocks; the context keeps the JCuda pointer objects behind them. Kernel work runs on the legacy
 * default stream, which orders it with cuDNN's and cuBLAS's default-stream work and with the blocking copies.
 */
final class CudaContext implements DeviceAllocator, AutoCloseable {
  private final CUcontext context;
  private final Map<Long, DevicePointer> blocks = new HashMap<>();
  private boolean closed;

  private CudaContext(CUcontext context) {
    this.context = context;
  }

  /** Loads JCuda's driver natives (the probe has found {@code libcuda.so.1}) and retains device {@code ordinal}. */
  static CudaContext open(int ordinal) {
    JCudaDriver.setExceptionsEnabled(true);
    cuInit(0);
    CUdevice device = new CUdevice();
    cuDeviceGet(device, ordinal);
    CUcontext context = new CUcontext();
    cuDevicePrimaryCtxRetain(context, device);
    cuCtxSetCurrent(context);
    return new CudaContext(context);
  }

  /** Makes the context current on the calling thread (CUDA contexts are per thread); cheap. */
  void makeCurrent() {
    if (closed) {
      throw new IllegalStateException("the CUDA backend is closed");
    }
    cuCtxSetCurrent(context);
  }

  @Override
  public long allocate(long bytes) {
    DevicePointer pointer = new DevicePointer();
    try {
      cuMemAlloc(pointer, bytes);
    } catch (CudaException e) {
      if (String.valueOf(e.getMessage()).contains("OUT_OF_MEMORY")) {
        throw new OutOfDeviceMemoryException(bytes, e);
      }
      throw e;
    }
    blocks.put(pointer.address(), pointer);
    return pointer.address();
  }

  @Override
  public void free(long address) {
    DevicePointer pointer = blocks.remove(address);
    if (pointer != null) {
      cuMemFree(pointer);
    }
  }

  void copyToDevice(long address, Pointer host, long bytes) {
    cuMemcpyHtoD(block(address), host, bytes);
  }

  void copyToHost(Pointer host, long address, long bytes) {
    cuMemcpyDtoH(host, block(address), bytes);
  }

  void copyOnDevice(long dst, long src, long bytes) {
    cuMemcpyDtoD(block(dst), block(src), bytes);
  }

  /** Zeroes a block, queued on the default stream (no host synchronisation). */
  void zero(long address, long bytes) {
    cuMemsetD8Async(block(address), (byte) 0, bytes, null);
  }

  void synchronize() {
    cuCtxSynchronize();
  }

  /** {@code [free, total]} device memory in bytes. */
  long[] memoryInfo() {
    long[] free = new long[1];
    long[] total = new long[1];
    cuMemGetInfo(free, total);
    return new long[] {free[0], total[0]};
  }

  private DevicePointer block(long address) {
    DevicePointer pointer = blocks.get(address);
    if (pointer == null) {
      throw new IllegalStateException("0x" + Long.toHexString(address) + " is not a device block of this context");
    }
    return pointer;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    cuCtxSetCurrent(context);
    cuCtxSynchronize();
    blocks.values().forEach(JCudaDriver::cuMemFree);
    blocks.clear();
    closed = true;
    // The primary context stays retained: cuDNN's and cuBLAS's runtime would find it destroyed if the last backend
    // released it, and the next backend in this JVM would then fail. PyTorch keeps it for the process's life too.
  }
}
