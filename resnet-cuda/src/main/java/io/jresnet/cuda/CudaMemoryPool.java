package io.jresnet.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A caching allocator: freed blocks wait in per-size free lists and serve the next request of the same rounded size,
 * so a model that runs the same shapes every step allocates device memory only in its first step. Sizes round up to
 * 512 bytes below 1 MiB and to 2 MiB above. When the device runs out, the cache is freed and the request retried.
 * Not thread-safe: one backend, one caller thread at a time.
 */
final class CudaMemoryPool implements AutoCloseable {
  static final long SMALL_GRANULE = 512;
  static final long LARGE_GRANULE = 2L << 20;
  static final long LARGE_THRESHOLD = 1L << 20;

  private final DeviceAllocator device;
  private final TreeMap<Long, ArrayDeque<Long>> free = new TreeMap<>();
  private final Map<Long, Long> sizeOfLiveBlock = new HashMap<>();
  private long bytesInUse;
  private long bytesCached;
  private long deviceAllocations;

  CudaMemoryPool(DeviceAllocator device) {
    this.device = device;
  }

  /** The block size a request of {@code bytes} gets. */
  static long roundUp(long bytes) {
    long granule = bytes < LARGE_THRESHOLD ? SMALL_GRANULE : LARGE_GRANULE;
    return Math.max(granule, (bytes + granule - 1) / granule * granule);
  }

  /** A block of at least {@code bytes}: a cached one of the same rounded size, or a new one. */
  long acquire(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("block size must be > 0, got " + bytes);
    }
    long size = roundUp(bytes);
    ArrayDeque<Long> list = free.get(size);
    long address;
    if (list != null && !list.isEmpty()) {
      address = list.pop();
      bytesCached -= size;
    } else {
      address = allocateFresh(size);
    }
    sizeOfLiveBlock.put(address, size);
    bytesInUse += size;
    return address;
  }

  /** Gives a block back to the cache. */
  void release(long address) {
    Long size = sizeOfLiveBlock.remove(address);
    if (size == null) {
      throw new IllegalStateException("block 0x" + Long.toHexString(address) + " is not in use in this pool");
    }
    bytesInUse -= size;
    bytesCached += size;
    free.computeIfAbsent(size, k -> new ArrayDeque<>()).push(address);
  }

  /** Frees every cached (unused) block to the device. */
  void trim() {
    free.forEach((size, list) -> list.forEach(device::free));
    free.clear();
    bytesCached = 0;
  }

  long bytesInUse() {
    return bytesInUse;
  }

  long bytesCached() {
    return bytesCached;
  }

  /** How many times the pool asked the device for memory (flat after warm-up). */
  long deviceAllocations() {
    return deviceAllocations;
  }

  /** Frees the cache and every block still in use (the backend is closing; its tensors die with it). */
  @Override
  public void close() {
    trim();
    sizeOfLiveBlock.keySet().forEach(device::free);
    sizeOfLiveBlock.clear();
    bytesInUse = 0;
  }

  private long allocateFresh(long size) {
    deviceAllocations++;
    try {
      return device.allocate(size);
    } catch (DeviceAllocator.OutOfDeviceMemoryException e) {
      if (bytesCached == 0) {
        throw e;
      }
      trim();
      return device.allocate(size);
    }
  }
}
