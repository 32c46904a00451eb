package io.jresnet.cpu;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import io.jresnet.backend.BackendProvider;

/** Guice: adds the CPU backend's provider under {@code "cpu"} to the map of backend providers. Nothing else. */
public final class CpuModule extends AbstractModule {
  @Override
  protected void configure() {
    MapBinder.newMapBinder(binder(), String.class, BackendProvider.class)
        .addBinding(CpuBackendProvider.NAME)
        .to(CpuBackendProvider.class);
  }
}
