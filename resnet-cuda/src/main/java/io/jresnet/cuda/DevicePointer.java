package io.jresnet.cuda;

import jcuda.driver.CUdeviceptr;

/** A JCuda device pointer that tells its address, so cuDNN and cuBLAS (called through FFM) can use the memory. */
final class DevicePointer extends CUdeviceptr {
  long address() {
    return getNativePointer() + getByteOffset();
  }
}
