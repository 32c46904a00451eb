package io.jresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.models.Zoo;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelsCommandTest {
  @Test
  void listsEveryZooModelWithInputClassesParametersAndDescription() {
    CliRun run = CliRun.run(new FakeBackendsModule(), "models");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("", run.err());
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.getFirst().matches("model +input +classes +params +description"), lines::getFirst);
    List<String> named =
        lines.stream().skip(1).filter(line -> !line.startsWith(" ")).map(line -> line.split(" ")[0]).toList();
    assertEquals(Zoo.names(), named);
    assertTrue(
        lines.stream().anyMatch(line -> line.matches("resnet50-keras-64x64-6 +64x64x3 +6 +23\\.60 M +The ResNet-50.*")),
        run::toString);
    assertTrue(lines.stream().anyMatch(line -> line.matches("resnet20 +32x32x3 +10 +0\\.27 M .*")), run::toString);
    assertTrue(lines.stream().allMatch(line -> line.length() <= ModelsCommand.LINE_WIDTH), run::toString);
  }

  @Test
  void wrapsTheLastColumnUnderItself() {
    List<String> lines = TextTable.wrap("one two three four five", 9);
    assertEquals(List.of("one two", "three", "four five"), lines);
    assertEquals(List.of("unbreakable-word", "x"), TextTable.wrap("unbreakable-word x", 5));
  }
}
