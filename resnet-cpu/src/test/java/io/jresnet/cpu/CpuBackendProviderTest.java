package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.backend.BackendInfo;
import io.jresnet.backend.BackendProvider;
import io.jresnet.tensor.Shape;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class CpuBackendProviderTest {
  @Test
  void serviceLoaderFindsTheCpuProvider() {
    BackendProvider cpu = ServiceLoader.load(BackendProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("cpu"))
        .findFirst()
        .orElseThrow();
    assertInstanceOf(CpuBackendProvider.class, cpu);
    assertEquals(10, cpu.priority());
    assertTrue(cpu.isAvailable());
    assertEquals("", cpu.unavailableReason());
  }

  @Test
  void guiceModuleAddsTheProviderToTheMapBinder() {
    Map<String, BackendProvider> providers = Guice.createInjector(new CpuModule())
        .getInstance(Key.get(new TypeLiteral<Map<String, BackendProvider>>() {}));
    assertEquals(1, providers.size());
    assertInstanceOf(CpuBackendProvider.class, providers.get("cpu"));
  }

  @Test
  void openedBackendReportsItsThreadsAndVectorWidth() {
    try (Backend backend = new CpuBackendProvider().open(new BackendConfig(3))) {
      BackendInfo info = backend.info();
      assertEquals("cpu", info.name());
      assertEquals(3, info.threads());
      assertEquals(GemmMicroKernel.LANES, info.simdFloats());
      assertTrue(info.details().containsKey("vector species"));
    }
    try (Backend backend = new CpuBackendProvider().open(BackendConfig.defaults())) {
      assertEquals(Runtime.getRuntime().availableProcessors(), backend.info().threads());
    }
  }

  @Test
  void closedBackendRefusesWork() {
    Backend backend = new CpuBackendProvider().open(new BackendConfig(2));
    var elementwise = backend.elementwise();
    var t = backend.allocate(Shape.of(4));
    backend.close();
    assertEquals("the cpu backend is closed",
        assertThrows(IllegalStateException.class, () -> backend.allocate(Shape.of(1))).getMessage());
    assertThrows(IllegalStateException.class, backend::conv);
    assertThrows(IllegalStateException.class, () -> elementwise.relu(t, t));
  }
}
