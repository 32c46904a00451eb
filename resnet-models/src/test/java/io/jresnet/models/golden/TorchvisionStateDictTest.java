package io.jresnet.models.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jresnet.models.ResNetBuilder;
import io.jresnet.models.Zoo;
import io.jresnet.models.interop.TorchvisionLayout;
import io.jresnet.nn.ParameterSpec;
import io.jresnet.nn.Parameters;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every zoo model of the golden cases names and shapes its parameters exactly as the PyTorch module's
 * {@code state_dict} does ({@code golden/state-dicts.json}, written by {@code tools/golden/make_golden.py}), so a
 * naming slip shows up here by name rather than as a numeric mismatch in the golden outputs.
 */
class TorchvisionStateDictTest {
  @Test
  void zooModelsHaveTorchvisionNamesAndShapes() throws IOException {
    JsonNode models;
    try (InputStream in = getClass().getResourceAsStream("/golden/state-dicts.json")) {
      assertTrue(in != null, "golden/state-dicts.json is missing; run tools/golden/make_golden.py");
      models = new ObjectMapper().readTree(in);
    }
    assertTrue(models.size() >= 3, "state-dicts.json lists " + models.size() + " models");
    for (Map.Entry<String, JsonNode> model : models.properties()) {
      Map<String, List<Integer>> torch = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> tensor : model.getValue().properties()) {
        List<Integer> shape = new ArrayList<>();
        tensor.getValue().forEach(d -> shape.add(d.asInt()));
        torch.put(tensor.getKey(), shape);
      }
      Map<String, List<Integer>> ours = new LinkedHashMap<>();
      List<ParameterSpec> specs = Parameters.specs(ResNetBuilder.build(Zoo.load(model.getKey())));
      for (ParameterSpec spec : new TorchvisionLayout(specs).fileSpecs()) {
        ours.put(spec.name(), Arrays.stream(spec.shape().toArray()).boxed().toList());
      }
      assertEquals(differences(torch, ours), List.of(), model.getKey() + " differs from torchvision");
    }
  }

  private static List<String> differences(Map<String, List<Integer>> torch, Map<String, List<Integer>> ours) {
    List<String> out = new ArrayList<>();
    torch.forEach((name, shape) -> {
      if (!ours.containsKey(name)) {
        out.add("missing " + name + " " + shape);
      } else if (!ours.get(name).equals(shape)) {
        out.add(name + ": torch " + shape + ", ours " + ours.get(name));
      }
    });
    ours.keySet().stream().filter(name -> !torch.containsKey(name)).forEach(name -> out.add("extra " + name));
    return out;
  }
}
