package io.jresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.google.inject.Guice;
import io.jresnet.backend.BackendProvider;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The production wiring: the backends this build installs, as the launcher runs them. */
class CliModuleTest {
  @Test
  void installsTheCpuAndCudaBackendsAndAutoPicksCudaOnlyWhereItRuns() {
    BackendSelector selector = Guice.createInjector(new CliModule()).getInstance(BackendSelector.class);
    assertEquals(List.of("cpu", "cuda"), selector.installedNames());
    BackendChoice auto = selector.select("auto");
    BackendProvider cuda = selector.provider("cuda");
    if (cuda.isAvailable()) {
      assertEquals("auto: using cuda (highest priority available)", auto.explanation());
    } else {
      assertEquals("auto: using cpu (cuda unavailable: " + cuda.unavailableReason() + ")", auto.explanation());
    }
  }

  @Test
  void explicitCudaWithoutAGpuIsOneLineUserErrorNamingWhatIsMissing() {
    assumeFalse(
        Guice.createInjector(new CliModule()).getInstance(BackendSelector.class).provider("cuda").isAvailable(),
        "this machine has a usable GPU");
    CliRun run = CliRun.run(new CliModule(), "--backend", "cuda", "bench", "--model", "resnet20", "--batch", "1");
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().startsWith("resnet: backend 'cuda' is not available: "), run::toString);
    assertTrue(run.err().contains("--backend cpu"), run::toString);
    assertEquals(1, run.err().lines().count(), run::toString);
  }

  @Test
  void backendsCommandOpensTheRealCpuBackend() {
    CliRun run = CliRun.run(new CliModule(), "backends", "--threads", "1");
    assertEquals(0, run.exitCode(), run::toString);
    List<String> lines = run.out().lines().toList();
    assertEquals(3, lines.size(), run::toString);
    assertTrue(lines.get(1).startsWith("cuda "), run::toString);
    assertTrue(lines.get(2).matches("cpu +10 +yes +\\d+ +1 +\\S.*"), run::toString);
  }
}
