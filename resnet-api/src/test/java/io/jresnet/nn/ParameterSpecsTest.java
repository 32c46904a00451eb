package io.jresnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.WeightsException;
import io.jresnet.nn.ParameterSpec.Role;
import io.jresnet.tensor.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parameter specs of a graph and the checks that weights loading runs before it allocates anything. */
class ParameterSpecsTest {
  private static final List<ParameterSpec> SMALL = Parameters.specs(TestGraphs.smallResidual());

  private static Map<String, Shape> provided(List<ParameterSpec> specs) {
    Map<String, Shape> out = new LinkedHashMap<>();
    specs.forEach(s -> out.put(s.name(), s.shape()));
    return out;
  }

  @Test
  void specsFollowGraphOrderWithTorchvisionNames() {
    assertEquals(
        List.of(
            "conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var",
            "layer1.0.conv1.weight"),
        SMALL.stream().limit(6).map(ParameterSpec::name).toList());
    assertEquals(new ParameterSpec("conv1.weight", Shape.of(3, 3, 3, 4), Role.CONV_WEIGHT), SMALL.getFirst());
    assertEquals(new ParameterSpec("fc.weight", Shape.of(6, 5), Role.DENSE_WEIGHT), SMALL.get(SMALL.size() - 2));
    assertEquals(new ParameterSpec("fc.bias", Shape.of(5), Role.BIAS), SMALL.getLast());
  }

  @Test
  void theKerasNotebookModelHasItsPublishedCount() {
    List<ParameterSpec> specs = Parameters.specs(TestGraphs.resnet50(true));
    assertEquals(23_600_006L, specs.stream().mapToLong(s -> s.shape().elementCount()).sum());
    assertEquals(
        23_546_886L, specs.stream().filter(ParameterSpec::trainable).mapToLong(s -> s.shape().elementCount()).sum());
  }

  @Test
  void matchingTensorsPassAndBatchCountersAreIgnored() {
    Map<String, Shape> files = provided(SMALL);
    files.put("bn1.num_batches_tracked", Shape.of());
    Parameters.checkShapes(SMALL, files, "w.safetensors");
  }

  @Test
  void allProblemsAreReportedTogether() {
    Map<String, Shape> files = provided(SMALL);
    files.remove("bn1.bias");
    files.remove("fc.bias");
    files.put("fc.weight", Shape.of(5, 6));
    files.put("head.weight", Shape.of(1));
    files.put("fc.num_batches_tracked", Shape.of());
    var e = assertThrows(WeightsException.class, () -> Parameters.checkShapes(SMALL, files, "w.safetensors"));
    assertEquals(
        "w.safetensors: the tensors do not match the model's parameters (2 missing, 2 unexpected, 1 with the wrong"
            + " shape): missing: bn1.bias [4], fc.bias [5]; unexpected: head.weight, fc.num_batches_tracked; wrong"
            + " shape: fc.weight needs [6, 5], got [5, 6]",
        e.getMessage());
    assertNull(e.tensor());
  }

  @Test
  void aSingleProblemNamesItsTensor() {
    Map<String, Shape> files = provided(SMALL);
    files.put("layer1.0.conv1.weight", Shape.of(6, 4, 3, 3));
    var e = assertThrows(WeightsException.class, () -> Parameters.checkShapes(SMALL, files, null));
    assertEquals("layer1.0.conv1.weight", e.tensor());
    assertEquals(
        "<weights>, tensor 'layer1.0.conv1.weight': the tensors do not match the model's parameters (0 missing,"
            + " 0 unexpected, 1 with the wrong shape): wrong shape: layer1.0.conv1.weight needs [3, 3, 4, 6], got"
            + " [6, 4, 3, 3]",
        e.getMessage());
  }

  @Test
  void longListsAreCut() {
    var e = assertThrows(WeightsException.class, () -> Parameters.checkShapes(SMALL, Map.of(), null));
    assertTrue(e.getMessage().contains("(" + SMALL.size() + " missing, 0 unexpected, 0 with the wrong shape)"));
    assertTrue(e.getMessage().endsWith(", and " + (SMALL.size() - 10) + " more"), e.getMessage());
  }

  @Test
  void hostValuesAreCheckedByCountBeforeAnythingIsAllocated() {
    Map<String, float[]> values = new LinkedHashMap<>();
    SMALL.forEach(s -> values.put(s.name(), new float[s.shape().size()]));
    values.put("fc.weight", new float[29]);
    // No backend: the check must fail before the first upload.
    var e = assertThrows(WeightsException.class, () -> Parameters.fromHost(SMALL, null, values));
    assertEquals(
        "<weights>, tensor 'fc.weight': the tensors do not match the model's parameters (0 missing, 0 unexpected,"
            + " 1 with the wrong shape): wrong shape: fc.weight needs [6, 5] (30 values), got 29 values",
        e.getMessage());
  }
}
