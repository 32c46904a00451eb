package io.jresnet.models.golden;

import io.jresnet.tck.ReferenceBackend;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Whole zoo models on the plain-loop reference backend against torchvision, on the small golden cases. */
class ReferenceBackendGoldenTest {
  /** Cases up to this many input pixels (N·H·W) run here; larger ones would take the reference loops too long. */
  private static final long MAX_PIXELS = 2 * 64 * 64;

  @TempDir static Path weights;
  private static ReferenceBackend backend;
  private static GoldenRunner runner;

  @BeforeAll
  static void open() {
    backend = new ReferenceBackend();
    runner = new GoldenRunner(weights);
  }

  @AfterAll
  static void close() {
    backend.close();
  }

  static Stream<GoldenCase> smallCases() {
    return GoldenFixtures.cases().stream()
        .filter(c -> (long) c.batch() * c.height() * c.width() <= MAX_PIXELS);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("smallCases")
  void matchesTorchvision(GoldenCase c) {
    runner.check(c, backend);
  }
}
