package io.jresnet.cli;

import com.google.inject.Singleton;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command accepts, before or after the command name ({@code resnet --backend cpu bench ...} and
 * {@code resnet bench --backend cpu ...} both work). One instance per run, shared through Guice by the top-level
 * command (which picocli fills in) and the commands that read it.
 */
@Singleton
public final class GlobalOptions {
  @Option(
      names = "--backend",
      paramLabel = "NAME",
      defaultValue = BackendSelector.AUTO,
      converter = BackendNameConverter.class,
      scope = ScopeType.INHERIT,
      description = "Compute backend: auto, cpu or cuda (default: ${DEFAULT-VALUE}). See 'resnet backends'.")
  private String backend = BackendSelector.AUTO;

  @Option(
      names = "--threads",
      paramLabel = "N",
      converter = IntConverters.Positive.class,
      scope = ScopeType.INHERIT,
      description = "Compute threads (default: one per available processor).")
  private int threads;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Print stack traces for errors and more detail.")
  private boolean verbose;

  /** {@code auto} or the name of a backend. */
  public String backend() {
    return backend;
  }

  /** Compute threads, 0 meaning one per available processor (as {@link io.jresnet.backend.BackendConfig}). */
  public int threads() {
    return threads;
  }

  public boolean verbose() {
    return verbose;
  }
}
