package io.jresnet.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.ConfigException;
import io.jresnet.graph.Ops;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooTest {
  @Test
  void listsTheDesignsModels() {
    assertEquals(
        List.of("resnet18", "resnet34", "resnet50", "resnet101", "resnet152", "resnet50-keras-64x64-6", "resnet20",
            "resnet56"),
        Zoo.names());
  }

  @Test
  void everyZooSpecLoadsUnderItsOwnNameWithADescription() {
    List<ModelSpec> all = Zoo.all();
    assertEquals(Zoo.names(), all.stream().map(ModelSpec::name).toList());
    for (ModelSpec spec : all) {
      assertFalse(spec.description().isBlank(), spec.name());
      assertTrue(spec.preprocessing().isPresent(), spec.name());
      // Every node must satisfy its op's attribute schema, as the executor will demand.
      ResNetBuilder.build(spec).nodes().forEach(Ops::validate);
    }
  }

  @Test
  void cifarDescriptionsStateTheShortcutChoice() {
    assertTrue(Zoo.load("resnet20").description().contains("option B"));
    assertTrue(Zoo.load("resnet56").description().contains("option B"));
  }

  @Test
  void unknownZooNameListsTheZoo() {
    ConfigException e = assertThrows(ConfigException.class, () -> Zoo.load("resnet51"));
    assertEquals(
        "resnet51: unknown model 'resnet51'; the zoo has: resnet18, resnet34, resnet50, resnet101, resnet152,"
            + " resnet50-keras-64x64-6, resnet20, resnet56",
        e.getMessage());
  }

  @Test
  void sourceResolvesZooNames() {
    assertEquals(Zoo.load("resnet34"), ModelSource.resolve("resnet34"));
  }

  @Test
  void sourceResolvesSpecFiles(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("mine.json");
    try (var in = Zoo.class.getResourceAsStream("zoo/resnet20.json")) {
      Files.write(file, in.readAllBytes());
    }
    assertEquals(Zoo.load("resnet20"), ModelSource.resolve(file.toString()));
  }

  @Test
  void sourceRejectsWhatIsNeitherAndListsTheZoo() {
    ConfigException e = assertThrows(ConfigException.class, () -> ModelSource.resolve("no/such/model.json"));
    assertEquals(
        "no/such/model.json: no zoo model and no file of this name; give a zoo model (resnet18, resnet34,"
            + " resnet50, resnet101, resnet152, resnet50-keras-64x64-6, resnet20, resnet56) or the path of a JSON"
            + " spec",
        e.getMessage());
  }
}
