package io.jresnet.cuda;

/** Scratch device memory from the pool for the length of one kernel call; closing returns it. */
record DeviceBuffer(CudaMemoryPool pool, long address, long bytes) implements AutoCloseable {
  @Override
  public void close() {
    pool.release(address);
  }
}
