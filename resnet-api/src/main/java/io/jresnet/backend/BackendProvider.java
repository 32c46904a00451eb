package io.jresnet.backend;

/**
 * A cheap descriptor of a backend, found with {@link java.util.ServiceLoader} or bound by a Guice module. Creating a
 * provider must not load native libraries or touch devices; {@link #isAvailable()} may probe, {@link #open} creates.
 */
public interface BackendProvider {
  /** The name users pass to {@code --backend}. */
  String name();

  /** Higher wins when the user asks for {@code auto} and several backends are available. */
  int priority();

  /** Whether {@link #open} can succeed here; never throws. */
  boolean isAvailable();

  /** Why the backend is unavailable and how to fix it, or an empty string when available. */
  String unavailableReason();

  /** Opens the backend; the caller closes it. */
  Backend open(BackendConfig config) throws BackendUnavailableException;
}
