package io.jresnet.backend;

/**
 * A stretch of back-to-back kernel calls opened by {@link Backend#burst()}, such as one forward pass. Closing it says
 * the stretch is over; close each handle exactly once.
 */
@FunctionalInterface
public interface KernelBurst extends AutoCloseable {
  /** What a backend without threads to keep ready returns. */
  KernelBurst NONE = () -> {};

  @Override
  void close();
}
