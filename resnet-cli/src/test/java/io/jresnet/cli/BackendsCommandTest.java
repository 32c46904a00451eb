package io.jresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BackendsCommandTest {
  private static FakeBackendsModule twoBackends() {
    return new FakeBackendsModule()
        .with("cpu", () -> FakeBackendProvider.available("cpu", 10))
        .with("npu", () -> FakeBackendProvider.unavailable("npu", 50, "no NPU driver found"));
  }

  @Test
  void listsEveryBackendWithAvailabilityDeviceSimdAndThreads() {
    CliRun run = CliRun.run(twoBackends(), "backends", "--threads", "3");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(
        List.of(
            "backend  priority  available  simd floats  threads  device (or why not)",
            "npu            50  no                   -        -  no NPU driver found",
            "cpu            10  yes                  8        3  fake device cpu"),
        run.out().lines().toList());
    assertEquals("", run.err());
  }

  @Test
  void globalOptionsWorkBeforeTheCommandName() {
    CliRun run = CliRun.run(twoBackends(), "--threads", "5", "backends");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(
        run.out().contains("cpu            10  yes                  8        5  fake device cpu"), run::toString);
  }

  @Test
  void verboseAddsBackendDetails() {
    CliRun run = CliRun.run(twoBackends(), "backends", "--verbose");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().endsWith("\ncpu driver: none\n"), run::toString);
  }

  @Test
  void cudaWithoutADriverIsListedWithItsReasonAndVerboseGivesTheFix() {
    FakeBackendsModule module =
        new FakeBackendsModule()
            .with("cpu", () -> FakeBackendProvider.available("cpu", 10))
            .with("cuda", CudaProviders::withoutDriver);
    CliRun run = CliRun.run(module, "backends", "--threads", "2");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(
        "cuda          100  no                   -        -  " + CudaProviders.REASON,
        run.out().lines().toList().get(1));
    CliRun verbose = CliRun.run(module, "backends", "--verbose");
    assertTrue(
        verbose.out().contains("\ncuda: backend 'cuda' is not available: " + CudaProviders.DETAILS + "\n"),
        verbose::toString);
  }

  @Test
  void aBackendThatFailsToOpenIsAnInternalErrorWithoutStackTrace() {
    FakeBackendsModule module =
        new FakeBackendsModule()
            .with("cpu", () -> FakeBackendProvider.failingToOpen("cpu", new IllegalStateException("pool broke")));
    CliRun run = CliRun.run(module, "backends");
    assertEquals(1, run.exitCode(), run::toString);
    assertEquals(
        "resnet: internal error: java.lang.IllegalStateException: pool broke"
            + " (run again with --verbose for the stack trace, and please report it)\n",
        run.err());
  }

  @Test
  void verboseShowsTheStackTrace() {
    FakeBackendsModule module =
        new FakeBackendsModule()
            .with("cpu", () -> FakeBackendProvider.failingToOpen("cpu", new IllegalStateException("pool broke")));
    CliRun run = CliRun.run(module, "--verbose", "backends");
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().startsWith("java.lang.IllegalStateException: pool broke\n\tat "), run::toString);
  }
}
