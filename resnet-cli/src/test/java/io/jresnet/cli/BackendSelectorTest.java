package io.jresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import io.jresnet.JresnetException;
import io.jresnet.backend.BackendConfig;
import io.jresnet.backend.BackendUnavailableException;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BackendSelectorTest {
  @BeforeEach
  void resetCount() {
    FakeBackendProvider.CREATED.set(0);
  }

  private static BackendSelector selector(FakeBackendsModule module) {
    return Guice.createInjector(module).getInstance(BackendSelector.class);
  }

  @Test
  void explicitChoiceCreatesOnlyTheChosenProvider() {
    BackendSelector selector =
        selector(
            new FakeBackendsModule()
                .with("cpu", () -> FakeBackendProvider.available("cpu", 10))
                .with("slow", () -> FakeBackendProvider.available("slow", 1)));
    BackendChoice choice = selector.select("slow");
    assertEquals("slow", choice.provider().name());
    assertFalse(choice.automatic());
    assertEquals(1, FakeBackendProvider.CREATED.get());
  }

  @Test
  void anExplicitChoiceOfAnUnavailableBackendIsSelectedAndFailsWhenOpened() {
    BackendSelector selector =
        selector(
            new FakeBackendsModule()
                .with("cpu", () -> FakeBackendProvider.available("cpu", 10))
                .with("cuda", CudaProviders::withoutDriver));
    BackendChoice choice = selector.select("cuda");
    assertFalse(choice.automatic());
    BackendUnavailableException e =
        assertThrows(BackendUnavailableException.class, () -> choice.provider().open(BackendConfig.defaults()));
    assertEquals("backend 'cuda' is not available: " + CudaProviders.DETAILS, e.getMessage());
  }

  @Test
  void autoTakesTheHighestPriorityAvailableAndSaysWhy() {
    BackendSelector selector =
        selector(
            new FakeBackendsModule()
                .with("slow", () -> FakeBackendProvider.available("slow", 1))
                .with("cpu", () -> FakeBackendProvider.available("cpu", 10)));
    BackendChoice choice = selector.select("auto");
    assertEquals("cpu", choice.provider().name());
    assertTrue(choice.automatic());
    assertEquals("auto: using cpu (highest priority available)", choice.explanation());
  }

  @Test
  void autoPassesOverUnavailableBackendsNamingTheReason() {
    BackendSelector selector =
        selector(
            new FakeBackendsModule()
                .with("cuda", () -> FakeBackendProvider.unavailable("cuda", 100, "no CUDA driver (libcuda.so.1)"))
                .with("cpu", () -> FakeBackendProvider.available("cpu", 10)));
    assertEquals(
        "auto: using cpu (cuda unavailable: no CUDA driver (libcuda.so.1))", selector.select("auto").explanation());
  }

  @Test
  void autoFallsBackFromTheRealCudaProviderInOneLine() {
    BackendSelector selector =
        selector(
            new FakeBackendsModule()
                .with("cuda", CudaProviders::withoutDriver)
                .with("cpu", () -> FakeBackendProvider.available("cpu", 10)));
    BackendChoice choice = selector.select("auto");
    assertEquals("cpu", choice.provider().name());
    assertEquals("auto: using cpu (cuda unavailable: " + CudaProviders.REASON + ")", choice.explanation());
    assertFalse(choice.explanation().contains("\n"));
  }

  @Test
  void autoWithNothingAvailableListsEveryReason() {
    BackendSelector selector =
        selector(new FakeBackendsModule().with("cpu", () -> FakeBackendProvider.unavailable("cpu", 10, "no SIMD")));
    JresnetException e = assertThrows(JresnetException.class, () -> selector.select("auto"));
    assertEquals(
        "no backend is available here: cpu unavailable: no SIMD", e.getMessage());
  }

  @Test
  void autoWithNothingInstalledSaysSo() {
    JresnetException e =
        assertThrows(JresnetException.class, () -> selector(new FakeBackendsModule()).select("auto"));
    assertTrue(e.getMessage().startsWith("no backend is installed in this build"), e.getMessage());
  }

  @Test
  void unknownNameListsTheAcceptedOnes() {
    BackendSelector selector =
        selector(new FakeBackendsModule().with("cpu", () -> FakeBackendProvider.available("cpu", 10)));
    JresnetException e = assertThrows(JresnetException.class, () -> selector.select("gpu"));
    assertEquals("unknown backend 'gpu'; choose one of: auto, cpu", e.getMessage());
    assertEquals(List.of("auto", "cpu"), selector.acceptedNames());
    assertThrows(JresnetException.class, () -> selector.select("cuda"));
  }
}
