package io.jresnet.cuda;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import io.jresnet.backend.BackendProvider;

/**
 * Guice: adds the CUDA backend's provider under {@code "cuda"} to the map of backend providers. Nothing else: no
 * probing, no native code, until the provider is asked.
 */
public final class CudaModule extends AbstractModule {
  @Override
  protected void configure() {
    MapBinder.newMapBinder(binder(), String.class, BackendProvider.class)
        .addBinding(CudaBackendProvider.NAME)
        .to(CudaBackendProvider.class);
  }
}
