package io.jresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.models.Zoo;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelsCommandTest {
  private static List<String> namesOfRows(List<String> lines) {
    return lines.stream().skip(1).filter(line -> !line.startsWith(" ")).map(line -> line.split(" ")[0]).toList();
  }

  @Test
  void listsEveryZooModelOnOneLineWithTheFirstClauseOfItsDescription() {
    CliRun run = CliRun.run(new FakeBackendsModule(), "models");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("", run.err());
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.getFirst().matches("model +input +classes +params +description"), lines::getFirst);
    assertEquals(Zoo.names(), namesOfRows(lines));
    assertEquals(Zoo.names().size() + 1, lines.size(), run::toString);
    assertTrue(
        lines.contains(
            "resnet50-keras-64x64-6  64x64x3          6  23.60 M  The ResNet-50 of the classic Keras notebook"),
        run::toString);
    assertTrue(
        lines.stream().anyMatch(line -> line.matches("resnet20 +32x32x3 +10 +0\\.27 M  The CIFAR-10 ResNet-20 of He"
            + " et al\\. 2015")),
        run::toString);
    assertTrue(
        lines.stream().anyMatch(line -> line.matches("resnet50 +224x224x3 +1000 +25\\.61 M  torchvision's ResNet-50"
            + " for ImageNet")),
        run::toString);
    assertTrue(lines.stream().allMatch(line -> line.length() <= ModelsCommand.LINE_WIDTH), run::toString);
  }

  @Test
  void longShowsTheWholeDescriptionsWrappedUnderThemselves() {
    for (String option : List.of("--long", "-l")) {
      CliRun run = CliRun.run(new FakeBackendsModule(), "models", option);
      assertEquals(0, run.exitCode(), run::toString);
      List<String> lines = run.out().lines().toList();
      assertEquals(Zoo.names(), namesOfRows(lines));
      assertTrue(lines.size() > 2 * Zoo.names().size(), run::toString);
      assertTrue(
          lines.stream()
              .anyMatch(line -> line.matches("resnet50-keras-64x64-6 +64x64x3 +6 +23\\.60 M +The ResNet-50 of.*")),
          run::toString);
      String joined = String.join(" ", lines).replaceAll(" +", " ");
      for (var model : Zoo.all()) {
        assertTrue(joined.contains(model.description()), model::name);
      }
      assertTrue(lines.stream().allMatch(line -> line.length() <= ModelsCommand.LINE_WIDTH), run::toString);
    }
  }

  @Test
  void theFirstClauseOfEveryZooDescriptionReadsAsAPhrase() {
    assertEquals(
        List.of(
            "torchvision's ResNet-18 for ImageNet",
            "torchvision's ResNet-34 for ImageNet",
            "torchvision's ResNet-50 for ImageNet",
            "torchvision's ResNet-101 for ImageNet",
            "torchvision's ResNet-152 for ImageNet",
            "The ResNet-50 of the classic Keras notebook",
            "The CIFAR-10 ResNet-20 of He et al. 2015",
            "The CIFAR-10 ResNet-56 of He et al. 2015"),
        Zoo.all().stream().map(model -> ModelsCommand.firstClause(model.description())).toList());
  }

  @Test
  void theFirstClauseEndsAtAColonOrASentenceEndOutsideParentheses() {
    assertEquals("A net", ModelsCommand.firstClause("A net: with blocks. More."));
    assertEquals("A net", ModelsCommand.firstClause("A net. Then: more"));
    assertEquals("A net of Li et al. 2020", ModelsCommand.firstClause("A net of Li et al. 2020. More"));
    assertEquals("A net here", ModelsCommand.firstClause("A net (see: this. Thing) here: x"));
    assertEquals("Whole sentence", ModelsCommand.firstClause("Whole sentence."));
    assertEquals("No separator at all", ModelsCommand.firstClause("No separator at all"));
    assertEquals("(only an aside)", ModelsCommand.firstClause("(only an aside)"));
    assertEquals("", ModelsCommand.firstClause(""));
  }

  @Test
  void wrapsTheLastColumnUnderItself() {
    List<String> lines = TextTable.wrap("one two three four five", 9);
    assertEquals(List.of("one two", "three", "four five"), lines);
    assertEquals(List.of("unbreakable-word", "x"), TextTable.wrap("unbreakable-word x", 5));
  }
}
