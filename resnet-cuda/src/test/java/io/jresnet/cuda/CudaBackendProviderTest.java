package io.jresnet.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.jresnet.backend.BackendConfig;
import io.jresnet.backend.BackendProvider;
import io.jresnet.backend.BackendUnavailableException;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CudaBackendProviderTest {
  @Test
  void isFoundByServiceLoaderAndOutranksTheCpu() {
    BackendProvider cuda = ServiceLoader.load(BackendProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("cuda"))
        .findFirst()
        .orElseThrow();
    assertEquals(100, cuda.priority());
  }

  @Test
  void probesOnceAndOnlyWhenAsked() {
    AtomicInteger probes = new AtomicInteger();
    CudaBackendProvider provider = new CudaBackendProvider(() -> {
      probes.incrementAndGet();
      return new CudaAvailability(null, "no GPU", "no GPU: test");
    });
    assertEquals(0, probes.get());
    assertFalse(provider.isAvailable());
    assertEquals("no GPU", provider.unavailableReason());
    assertEquals(1, probes.get());
  }

  @Test
  void openingWithoutAGpuFailsWithTheReason() {
    CudaBackendProvider provider = new CudaBackendProvider(() -> new CudaAvailability(null, "no NVIDIA driver", "no NVIDIA driver: x"));
    BackendUnavailableException e =
        assertThrows(BackendUnavailableException.class, () -> provider.open(BackendConfig.defaults()));
    assertEquals("backend 'cuda' is not available: no NVIDIA driver: x", e.getMessage());
  }

  @Test
  void theGuiceModuleBindsTheProviderUnderItsName() {
    Map<String, BackendProvider> providers = Guice.createInjector(new CudaModule())
        .getInstance(Key.get(new TypeLiteral<Map<String, BackendProvider>>() {}));
    assertTrue(providers.get("cuda") instanceof CudaBackendProvider);
  }

  @Test
  void anAvailabilityHasLibrariesOrAReasonNeverBoth() {
    assertThrows(IllegalArgumentException.class, () -> new CudaAvailability(null, "", ""));
    assertThrows(IllegalArgumentException.class, () -> new CudaAvailability(null, "no GPU", ""));
  }
}
