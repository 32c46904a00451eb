package io.jresnet.cuda;

/** Raw device memory: what {@link CudaMemoryPool} caches. Addresses are device pointers as {@code long}. */
interface DeviceAllocator {
  /**
   * A fresh block of at least {@code bytes} (> 0).
   *
   * @throws OutOfDeviceMemoryException when the device has no room
   */
  long allocate(long bytes);

  /** Returns a block that {@link #allocate} gave. */
  void free(long address);

  /** Thrown by {@link #allocate} when the device is out of memory, so the pool can free its cache and retry. */
  final class OutOfDeviceMemoryException extends RuntimeException {
    OutOfDeviceMemoryException(long bytes, Throwable cause) {
      super("out of GPU memory allocating " + bytes + " bytes", cause);
    }
  }
}
