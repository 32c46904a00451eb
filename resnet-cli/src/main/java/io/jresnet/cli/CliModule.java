package io.jresnet.cli;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.MapBinder;
import io.jresnet.backend.BackendProvider;
import io.jresnet.cpu.CpuModule;
import io.jresnet.cuda.CudaModule;

/**
 * The CLI's wiring: every backend module of this build adds its {@link BackendProvider} to the map that
 * {@link BackendSelector} chooses from. Backend modules bind cheap descriptors only, so installing them here loads no
 * native code; the chosen provider alone is created.
 */
public final class CliModule extends AbstractModule {
  @Override
  protected void configure() {
    // Declared here too, so that the wiring holds whichever backend modules this build installs.
    MapBinder.newMapBinder(binder(), String.class, BackendProvider.class);
    install(new CpuModule());
    install(new CudaModule());
  }
}
