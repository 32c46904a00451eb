package io.jresnet.cli;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.backend.BackendInfo;
import io.jresnet.backend.BackendProvider;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend descriptor for CLI tests: it reports what it is told to and opens a backend that only answers
 * {@code name()}, {@code info()} and {@code close()} (the CLI's selection and listing need nothing else).
 */
final class FakeBackendProvider implements BackendProvider {
  /** How many fake providers were created: tests use it to check that only the chosen one is. */
  static final AtomicInteger CREATED = new AtomicInteger();

  private final String name;
  private final int priority;
  private final String unavailableReason;
  private final RuntimeException openFailure;

  FakeBackendProvider(String name, int priority, String unavailableReason, RuntimeException openFailure) {
    CREATED.incrementAndGet();
    this.name = name;
    this.priority = priority;
    this.unavailableReason = unavailableReason;
    this.openFailure = openFailure;
  }

  static FakeBackendProvider available(String name, int priority) {
    return new FakeBackendProvider(name, priority, "", null);
  }

  static FakeBackendProvider unavailable(String name, int priority, String reason) {
    return new FakeBackendProvider(name, priority, reason, null);
  }

  static FakeBackendProvider failingToOpen(String name, RuntimeException failure) {
    return new FakeBackendProvider(name, 1, "", failure);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int priority() {
    return priority;
  }

  @Override
  public boolean isAvailable() {
    return unavailableReason.isEmpty();
  }

  @Override
  public String unavailableReason() {
    return unavailableReason;
  }

  @Override
  public Backend open(BackendConfig config) {
    if (openFailure != null) {
      throw openFailure;
    }
    BackendInfo info =
        new BackendInfo(name, "fake device " + name, 8, config.resolvedThreads(), Map.of("driver", "none"));
    return (Backend)
        Proxy.newProxyInstance(
            Backend.class.getClassLoader(),
            new Class<?>[] {Backend.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "name" -> name;
                  case "info" -> info;
                  case "close" -> null;
                  case "toString" -> "FakeBackend[" + name + "]";
                  default -> throw new UnsupportedOperationException("fake backend has no " + method.getName());
                });
  }
}
