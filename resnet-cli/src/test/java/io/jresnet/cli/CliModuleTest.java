package io.jresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The production wiring: the backends this build installs, as the launcher runs them. */
class CliModuleTest {
  @Test
  void installsTheCpuBackend() {
    BackendSelector selector = Guice.createInjector(new CliModule()).getInstance(BackendSelector.class);
    assertEquals(List.of("cpu"), selector.installedNames());
    BackendChoice auto = selector.select("auto");
    assertEquals("cpu", auto.provider().name());
    assertEquals("auto: using cpu (no CUDA backend installed)", auto.explanation());
  }

  @Test
  void backendsCommandOpensTheRealCpuBackend() {
    CliRun run = CliRun.run(new CliModule(), "backends", "--threads", "1");
    assertEquals(0, run.exitCode(), run::toString);
    List<String> lines = run.out().lines().toList();
    assertEquals(3, lines.size(), run::toString);
    assertTrue(lines.get(1).matches("cpu +10 +yes +\\d+ +1 +\\S.*"), run::toString);
    assertTrue(lines.get(2).startsWith("cuda "), run::toString);
  }
}
