package io.jresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The command tree as a whole: usage errors, help, version, global option validation. */
class MainTest {
  private static FakeBackendsModule cpuOnly() {
    return new FakeBackendsModule().with("cpu", () -> FakeBackendProvider.available("cpu", 10));
  }

  @Test
  void noCommandPrintsUsageToStderrAndExitsTwo() {
    CliRun run = CliRun.run(cpuOnly(), new String[0]);
    assertEquals(2, run.exitCode(), run::toString);
    assertEquals("", run.out());
    assertTrue(run.err().startsWith("Usage: resnet "), run::toString);
    assertTrue(run.err().contains("backends"), run::toString);
  }

  @Test
  void helpGoesToStdoutAndExitsZero() {
    CliRun run = CliRun.run(cpuOnly(), "--help");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().contains("--backend=NAME"), run::toString);
    assertTrue(run.out().contains("--threads=N"), run::toString);
  }

  @Test
  void versionNamesJresnetAndTheJvm() {
    CliRun run = CliRun.run(cpuOnly(), "--version");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().startsWith("jresnet "), run::toString);
    assertTrue(run.out().contains("Java " + Runtime.version()), run::toString);
  }

  @Test
  void unknownCommandIsAUsageErrorWithASuggestion() {
    CliRun run = CliRun.run(cpuOnly(), "backend");
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.err().startsWith("resnet: Unmatched argument at index 0: 'backend'\n"), run::toString);
    assertTrue(run.err().contains("backends"), run::toString);
    assertTrue(run.err().endsWith("Try 'resnet --help' for more information.\n"), run::toString);
  }

  @Test
  void unknownBackendNameListsTheChoices() {
    CliRun run = CliRun.run(cpuOnly(), "backends", "--backend", "gpu");
    assertEquals(2, run.exitCode(), run::toString);
    assertEquals(
        "resnet: Invalid value for option '--backend': unknown backend 'gpu'; choose one of: auto, cpu\n"
            + "Try 'resnet backends --help' for more information.\n",
        run.err());
  }

  @Test
  void threadsMustBePositive() {
    CliRun zero = CliRun.run(cpuOnly(), "--threads", "0", "backends");
    assertEquals(2, zero.exitCode(), zero::toString);
    assertTrue(zero.err().startsWith("resnet: Invalid value for option '--threads': must be at least 1, got 0\n"),
        zero::toString);
    CliRun word = CliRun.run(cpuOnly(), "--threads", "many", "backends");
    assertEquals(2, word.exitCode(), word::toString);
    assertTrue(word.err().contains("'many' is not a whole number"), word::toString);
  }

  @Test
  void unknownOptionIsAUsageError() {
    CliRun run = CliRun.run(cpuOnly(), "backends", "--fast");
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.err().startsWith("resnet: Unknown option: '--fast'\n"), run::toString);
  }
}
