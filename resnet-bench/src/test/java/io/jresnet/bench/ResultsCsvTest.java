package io.jresnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsCsvTest {
  @TempDir Path dir;

  @Test
  void writeAppendAndReadBack() throws IOException {
    Path file = dir.resolve("sub/results.csv");
    ThroughputRow a = new ThroughputRow("jresnet", "resnet50 224x224x3 inference", 1, 20.5);
    ThroughputRow b = new ThroughputRow("onnxruntime", "resnet50 224x224x3 inference", 1, 19.25);
    ThroughputRow c = new ThroughputRow("pytorch", "resnet20 28x28x1 training", 128, 630.0);
    ResultsCsv.write(file, List.of(a, b));
    ResultsCsv.append(file, List.of(c));
    assertEquals(
        """
        system,workload,batch,images_per_s
        jresnet,resnet50 224x224x3 inference,1,20.50
        onnxruntime,resnet50 224x224x3 inference,1,19.25
        pytorch,resnet20 28x28x1 training,128,630.00
        """,
        Files.readString(file));
    assertEquals(List.of(a, b, c), ResultsCsv.read(file));
  }

  @Test
  void appendToANewFileWritesTheHeader() throws IOException {
    Path file = dir.resolve("new.csv");
    ResultsCsv.append(file, List.of(new ThroughputRow("pytorch", "x", 8, 1.5)));
    assertEquals("system,workload,batch,images_per_s\npytorch,x,8,1.50\n", Files.readString(file));
  }

  @Test
  void malformedLinesNameTheFileAndLine() throws IOException {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "system,workload,batch,images_per_s\njresnet,w,1,2.0\njresnet,w,one,2.0\n");
    IOException e = assertThrows(IOException.class, () -> ResultsCsv.read(file));
    assertEquals(file + ":3: For input string: \"one\" in 'jresnet,w,one,2.0'", e.getMessage());
    Files.writeString(file, "system,workload,batch,images_per_s\njresnet,w,1\n");
    assertEquals(file + ":2: expected 4 comma-separated values, got 3 in 'jresnet,w,1'",
        assertThrows(IOException.class, () -> ResultsCsv.read(file)).getMessage());
    Files.writeString(file, "framework,speed\n");
    assertEquals(file + ":1: expected the header 'system,workload,batch,images_per_s'",
        assertThrows(IOException.class, () -> ResultsCsv.read(file)).getMessage());
  }

  @Test
  void rowsRejectCommasAndNonPositiveSpeeds() {
    assertThrows(IllegalArgumentException.class, () -> new ThroughputRow("a,b", "w", 1, 1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ThroughputRow("a", "w", 1, 0));
    assertEquals("images/s must be a positive number, got 0.0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ThroughputRow("a", "w", 0, 1));
  }
}
