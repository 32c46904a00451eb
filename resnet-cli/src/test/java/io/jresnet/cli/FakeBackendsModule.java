package io.jresnet.cli;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.multibindings.MapBinder;
import io.jresnet.backend.BackendProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The CLI's wiring with test backends in place of {@link CliModule}'s real ones, each provider created only when
 * Guice is asked for it.
 */
final class FakeBackendsModule extends AbstractModule {
  private final Map<String, Supplier<BackendProvider>> backends = new LinkedHashMap<>();

  FakeBackendsModule with(String name, Supplier<BackendProvider> backend) {
    backends.put(name, backend);
    return this;
  }

  @Override
  protected void configure() {
    MapBinder<String, BackendProvider> binder =
        MapBinder.newMapBinder(binder(), String.class, BackendProvider.class);
    backends.forEach(
        (name, backend) -> binder.addBinding(name).toProvider((Provider<BackendProvider>) backend::get));
  }
}
