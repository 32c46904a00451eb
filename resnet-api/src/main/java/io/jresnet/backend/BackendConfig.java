package io.jresnet.backend;

/**
 * How to open a backend.
 *
 * @param threads compute threads; 0 means one per available processor
 */
public record BackendConfig(int threads) {
  public BackendConfig {
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0, got " + threads);
    }
  }

  public static BackendConfig defaults() {
    return new BackendConfig(0);
  }

  /** The thread count to use: {@link #threads()} or, when 0, the available processors. */
  public int resolvedThreads() {
    return threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
  }
}
