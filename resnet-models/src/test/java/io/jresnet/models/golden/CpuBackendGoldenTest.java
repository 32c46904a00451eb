package io.jresnet.models.golden;

import io.jresnet.cpu.CpuBackend;
import io.jresnet.cpu.CpuComputePool;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Whole zoo models on the Vector API CPU backend against torchvision, on every golden case. */
class CpuBackendGoldenTest {
  @TempDir static Path weights;
  private static CpuBackend backend;
  private static GoldenRunner runner;

  @BeforeAll
  static void open() {
    backend = new CpuBackend(new CpuComputePool(Runtime.getRuntime().availableProcessors()));
    runner = new GoldenRunner(backend, weights);
  }

  @AfterAll
  static void close() {
    runner.close();
    backend.close();
  }

  static List<GoldenCase> cases() {
    return GoldenFixtures.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesTorchvision(GoldenCase c) {
    runner.check(c);
  }
}
