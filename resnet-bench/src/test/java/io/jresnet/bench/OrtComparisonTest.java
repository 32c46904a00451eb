package io.jresnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A smoke run of the whole harness on a tiny model: the numbers are not checked, only that every part works. */
class OrtComparisonTest {
  @TempDir Path dir;

  @Test
  void tinyModelSideBySideWithMemoryProbesAndJfr() throws IOException {
    ComparisonOptions options =
        new ComparisonOptions(
            "resnet20", 16, List.of(1, 2), 1, 0, 2, 1, 1, "256m", true, null, dir.resolve("work"));
    StringWriter text = new StringWriter();
    ComparisonResult result = OrtComparison.run(options, new PrintWriter(text, true));
    String report = text.toString();
    assertEquals(2, result.batches().size(), report);
    for (BatchComparison b : result.batches()) {
      assertTrue(b.agreement().agrees(), "batch " + b.batch() + ": " + b.agreement());
      assertEquals(2, b.jresnet().count());
      assertTrue(b.jresnetBytesPerForward() >= 0, report);
    }
    assertTrue(report.startsWith("# jresnet vs ONNX Runtime: resnet20 16x16x3, float32, 1 threads\nmachine: "),
        report);
    assertTrue(report.contains("| batch | jresnet ms | ORT ms |"), report);
    assertTrue(report.contains("## allocation on the hot path: JFR"), report);
    assertTrue(report.contains("## peak resident memory, batch 1"), report);
    assertEquals(PeakMemory.gcConfigurations("256m").size(), result.peakMemory().size(), report);
    for (PeakMemoryPair pair : result.peakMemory()) {
      assertTrue(report.contains("| " + pair.gc() + " "), report);
    }
    assertTrue(Files.exists(dir.resolve("work/resnet20.onnx")), "the kept work directory holds the model");

    Path csv = dir.resolve("results.csv");
    ResultsCsv.write(csv, result.rows());
    List<ThroughputRow> rows = ResultsCsv.read(csv);
    assertEquals(4, rows.size());
    assertEquals("jresnet", rows.get(0).system());
    assertEquals("onnxruntime", rows.get(1).system());
    assertEquals("resnet20 16x16x3 inference", rows.get(0).workload());
  }

  @Test
  void optionErrorsNameTheOption() {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> ComparisonOptions.parse(new String[] {"--jfr", "maybe"}));
    assertEquals("option '--jfr' must be true or false, got 'maybe'", e.getMessage());
    assertEquals(List.of(1, 8), ComparisonOptions.parse(new String[0]).batches());
    e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> ComparisonOptions.parse(new String[] {"--memory-heap-cap", "lots"}));
    assertEquals("option '--memory-heap-cap' must be a -Xmx size such as 400m, got 'lots'", e.getMessage());
  }
}
