package io.jresnet.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CudaMemoryPoolTest {
  /** A device of {@code capacity} bytes that hands out increasing fake addresses. */
  private static final class FakeDevice implements DeviceAllocator {
    final Map<Long, Long> live = new HashMap<>();
    final long capacity;
    long next = 0x1000;
    long used;

    FakeDevice(long capacity) {
      this.capacity = capacity;
    }

    @Override
    public long allocate(long bytes) {
      if (used + bytes > capacity) {
        throw new OutOfDeviceMemoryException(bytes, null);
      }
      long address = next;
      next += bytes;
      live.put(address, bytes);
      used += bytes;
      return address;
    }

    @Override
    public void free(long address) {
      used -= live.remove(address);
    }
  }

  @Test
  void sizesRoundToSmallAndLargeGranules() {
    assertEquals(512, CudaMemoryPool.roundUp(1));
    assertEquals(1024, CudaMemoryPool.roundUp(513));
    assertEquals(2L << 20, CudaMemoryPool.roundUp(1L << 20));
    assertEquals(4L << 20, CudaMemoryPool.roundUp((2L << 20) + 1));
  }

  @Test
  void aRepeatedStepAllocatesOnlyOnce() {
    FakeDevice device = new FakeDevice(1L << 30);
    CudaMemoryPool pool = new CudaMemoryPool(device);
    for (int step = 0; step < 5; step++) {
      long a = pool.acquire(1000);
      long b = pool.acquire(3_000_000);
      pool.release(b);
      pool.release(a);
    }
    assertEquals(2, pool.deviceAllocations());
    assertEquals(0, pool.bytesInUse());
    assertEquals(1024 + (4L << 20), pool.bytesCached());
  }

  @Test
  void runningOutFreesTheCacheAndRetries() {
    FakeDevice device = new FakeDevice(8L << 20);
    CudaMemoryPool pool = new CudaMemoryPool(device);
    pool.release(pool.acquire(6L << 20));
    long big = pool.acquire(4L << 20);
    assertTrue(device.live.containsKey(big));
    assertEquals(4L << 20, device.used);
    assertEquals(0, pool.bytesCached());
  }

  @Test
  void outOfMemoryWithNothingCachedPropagates() {
    CudaMemoryPool pool = new CudaMemoryPool(new FakeDevice(1L << 20));
    assertThrows(DeviceAllocator.OutOfDeviceMemoryException.class, () -> pool.acquire(4L << 20));
  }

  @Test
  void releasingAForeignBlockIsRejected() {
    CudaMemoryPool pool = new CudaMemoryPool(new FakeDevice(1L << 20));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.release(0xdead));
    assertEquals("block 0xdead is not in use in this pool", e.getMessage());
  }

  @Test
  void closeFreesEverythingToTheDevice() {
    FakeDevice device = new FakeDevice(1L << 30);
    CudaMemoryPool pool = new CudaMemoryPool(device);
    pool.acquire(100);
    pool.release(pool.acquire(5000));
    pool.close();
    assertEquals(0, device.used);
    assertTrue(device.live.isEmpty());
  }
}
