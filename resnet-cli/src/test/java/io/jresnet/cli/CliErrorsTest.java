package io.jresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jresnet.ConfigException;
import io.jresnet.JresnetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class CliErrorsTest {
  @Test
  void userErrorsAreTheirMessageEvenWhenWrapped() {
    ConfigException config = new ConfigException("spec.json", "/stages/0/blocks", 3, 17, "must be >= 1, got 0");
    assertEquals(
        "spec.json:3:17 at /stages/0/blocks: must be >= 1, got 0",
        CliErrors.describe(new RuntimeException("wrapper", config)));
    assertEquals(
        "weights are missing fc.bias", CliErrors.describe(new JresnetException("weights are missing fc.bias")));
  }

  @Test
  void fileErrorsNameTheFile() {
    assertEquals(
        "x.npy: no such file", CliErrors.describe(new UncheckedIOException(new NoSuchFileException("x.npy"))));
    assertEquals(
        "/root/w.safetensors: permission denied",
        CliErrors.describe(new AccessDeniedException("/root/w.safetensors")));
    assertEquals(
        "I/O error: disk on fire", CliErrors.describe(new UncheckedIOException(new IOException("disk on fire"))));
  }

  @Test
  void anythingElseIsAnInternalErrorPointingToVerbose() {
    assertEquals(
        "internal error: java.lang.ArithmeticException: / by zero"
            + " (run again with --verbose for the stack trace, and please report it)",
        CliErrors.describe(new ArithmeticException("/ by zero")));
  }
}
