package io.jresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryCommandTest {
  @TempDir Path dir;

  private static CliRun summary(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "summary";
    System.arraycopy(args, 0, all, 1, args.length);
    return CliRun.run(new FakeBackendsModule(), all);
  }

  @Test
  void printsTheKerasNotebookTotals() {
    CliRun run = summary("resnet50-keras-64x64-6");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().startsWith("Model: \"resnet50-keras-64x64-6\" (batch 1)\n"), run::toString);
    assertTrue(run.out().contains("\nTotal params: 23,600,006\n"), run::toString);
    assertTrue(run.out().contains("\nTrainable params: 23,546,886\n"), run::toString);
    assertTrue(run.out().contains("\nNon-trainable params: 53,120\n"), run::toString);
    assertEquals("", run.err());
  }

  @Test
  void inputAndBatchOverrideTheShapes() {
    CliRun run = summary("resnet18", "--input", "97x131", "--batch", "2");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().contains(" input (input) "), run::toString);
    assertTrue(run.out().contains("[2, 97, 131, 3]"), run::toString);
    assertTrue(run.out().contains("[2, 49, 66, 64]"), run::toString);
    assertTrue(run.out().contains("[2, 1000]"), run::toString);
  }

  @Test
  void readsASpecFile() throws IOException {
    Path spec = dir.resolve("tiny.json");
    Files.writeString(spec, zooJson("resnet20").replace("\"resnet20\"", "\"tiny20\""));
    CliRun run = summary(spec.toString());
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().startsWith("Model: \"tiny20\" (batch 1)\n"), run::toString);
  }

  @Test
  void unknownModelIsOneLineListingTheZoo() {
    CliRun run = summary("resnet51");
    assertEquals(1, run.exitCode(), run::toString);
    assertEquals("", run.out());
    assertTrue(run.err().startsWith("resnet: resnet51: "), run::toString);
    assertTrue(run.err().contains("resnet50-keras-64x64-6"), run::toString);
    assertEquals(1, run.err().lines().count(), run::toString);
  }

  @Test
  void malformedSpecNamesFileLineAndColumn() throws IOException {
    Path spec = dir.resolve("broken.json");
    Files.writeString(spec, "{\n  \"name\": \"x\",\n  \"input\": {\"height\": 32,,}\n}\n");
    CliRun run = summary(spec.toString());
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().startsWith("resnet: " + spec + ":3:"), run::toString);
    assertEquals(1, run.err().lines().count(), run::toString);
  }

  @Test
  void inputTooSmallForTheStridesNamesTheNode() {
    CliRun run = summary("resnet50-keras-64x64-6", "--input", "2x2");
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().startsWith("resnet: node 'maxpool': "), run::toString);
    assertEquals(1, run.err().lines().count(), run::toString);
  }

  @Test
  void badInputSizeIsAUsageError() {
    CliRun run = summary("resnet18", "--input", "97by131");
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(
        run.err().startsWith("resnet: Invalid value for option '--input': '97by131' is not a size; write HxW"),
        run::toString);
    CliRun zero = summary("resnet18", "--input", "0x5");
    assertEquals(2, zero.exitCode(), zero::toString);
    assertTrue(zero.err().contains("height and width must be between 1 and 32768, got 0x5"), zero::toString);
  }

  @Test
  void missingModelIsAUsageError() {
    CliRun run = summary();
    assertEquals(2, run.exitCode(), run::toString);
    assertTrue(run.err().startsWith("resnet: Missing required parameter: 'MODEL'\n"), run::toString);
  }

  private static String zooJson(String name) throws IOException {
    try (InputStream in = io.jresnet.models.Zoo.class.getResourceAsStream("zoo/" + name + ".json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
