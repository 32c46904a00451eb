package io.jresnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.WeightsException;
import io.jresnet.graph.Graph;
import io.jresnet.io.HostTensor;
import io.jresnet.tck.ReferenceBackend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parameters on a backend: seeded initialisation, loading from host arrays, ownership. */
class ParametersTest {
  private final ReferenceBackend backend = new ReferenceBackend();
  private final Graph graph = ExampleGraphs.everyOp(3);

  @Test
  void initialisationIsDeterministicPerSeedAndIndependentOfOrder() {
    List<ParameterSpec> specs = Parameters.specs(graph);
    List<ParameterSpec> reversed = new ArrayList<>(specs);
    Collections.reverse(reversed);
    try (ReferenceBackend other = new ReferenceBackend();
        Parameters a = Parameters.allocate(graph, backend, Initializer.heNormal(), 42);
        Parameters b = Parameters.allocate(reversed, other, Initializer.heNormal(), 42);
        Parameters c = Parameters.allocate(graph, backend, Initializer.heNormal(), 43)) {
      Map<String, float[]> av = a.toHost();
      Map<String, float[]> bv = b.toHost();
      for (ParameterSpec spec : specs) {
        assertArrayEquals(av.get(spec.name()), bv.get(spec.name()), spec.name());
      }
      assertFalse(Arrays.equals(av.get("conv1.weight"), c.toHost().get("conv1.weight")));
      assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 1, 1}, av.get("bn1.running_var"));
      assertArrayEquals(new float[8], av.get("bn1.running_mean"));
      assertArrayEquals(new float[8], av.get("conv1.bias"));
    }
  }

  @Test
  void loadsHostValuesByNameInGraphOrder() {
    Map<String, float[]> values = ExampleGraphs.randomValues(Parameters.specs(graph), 3);
    try (Parameters p = Parameters.fromHost(graph, backend, values)) {
      assertEquals(List.copyOf(values.keySet()), List.copyOf(p.tensors().keySet()));
      for (var entry : values.entrySet()) {
        assertArrayEquals(entry.getValue(), p.get(entry.getKey()).copyToHost(), entry.getKey());
        assertEquals(p.spec(entry.getKey()).shape(), p.get(entry.getKey()).shape());
      }
      long bnStats = 2L * (8 + 8 + 8);
      assertEquals(p.count() - bnStats, p.trainableCount());
      assertTrue(p.contains("fc.bias"));
      assertFalse(p.contains("fc.running_mean"));
    }
  }

  @Test
  void loadingReportsEveryProblemTogether() {
    Map<String, float[]> values = new java.util.LinkedHashMap<>(ExampleGraphs.randomValues(Parameters.specs(graph),
        4));
    values.remove("conv1.bias");
    values.put("conv1.weight", new float[5]);
    values.put("fc.extra", new float[1]);
    values.put("bn1.num_batches_tracked", new float[1]);
    var e = assertThrows(WeightsException.class, () -> Parameters.fromHost(graph, backend, values));
    assertEquals(
        "<weights>: the tensors do not match the model's parameters (1 missing, 1 unexpected, 1 with the wrong"
            + " shape): missing: conv1.bias [8]; unexpected: fc.extra; wrong shape: conv1.weight needs [3, 3, 3, 8]"
            + " (216 values), got 5 values",
        e.getMessage());
  }

  @Test
  void hostTensorsRoundTripAndAreCheckedByExactShape() {
    List<ParameterSpec> specs = Parameters.specs(graph);
    try (Parameters p = Parameters.allocate(specs, backend, Initializer.heNormal(), 5)) {
      Map<String, HostTensor> host = p.toHostTensors();
      assertEquals(new HostTensor(Shape.of(3, 3, 3, 8), p.get("conv1.weight").copyToHost()), host.get("conv1.weight"));
      try (Parameters back = Parameters.fromHostTensors(specs, backend, host, "w.safetensors")) {
        assertEquals(host, back.toHostTensors());
      }
      Map<String, HostTensor> transposed = new java.util.LinkedHashMap<>(host);
      transposed.put("fc.weight", new HostTensor(Shape.of(6, 200), host.get("fc.weight").data()));
      var e =
          assertThrows(
              WeightsException.class, () -> Parameters.fromHostTensors(specs, backend, transposed, "w.safetensors"));
      assertEquals("fc.weight", e.tensor());
      assertEquals(
          "w.safetensors, tensor 'fc.weight': the tensors do not match the model's parameters (0 missing,"
              + " 0 unexpected, 1 with the wrong shape): wrong shape: fc.weight needs [200, 6], got [6, 200]",
          e.getMessage());
    }
  }

  @Test
  void closingFreesEveryTensor() {
    Parameters p = Parameters.allocate(graph, backend, Initializer.glorotUniform(), 1);
    List<Tensor> tensors = List.copyOf(p.tensors().values());
    p.close();
    p.close();
    assertTrue(tensors.stream().allMatch(Tensor::isClosed));
    var e = assertThrows(IllegalStateException.class, () -> p.get("fc.weight"));
    assertEquals("parameters already closed", e.getMessage());
  }

  @Test
  void gradientsAreMadeZeroFilledOnFirstUseForTrainableParametersOnly() {
    try (Parameters p = Parameters.allocate(graph, backend, Initializer.heNormal(), 2)) {
      Tensor g = p.gradient("conv1.weight");
      assertEquals(Shape.of(3, 3, 3, 8), g.shape());
      assertArrayEquals(new float[216], g.copyToHost());
      assertTrue(g == p.gradient("conv1.weight"), "one gradient tensor per parameter");
      List<String> trainable =
          Parameters.specs(graph).stream().filter(ParameterSpec::trainable).map(ParameterSpec::name).toList();
      assertEquals(trainable, List.copyOf(p.gradients().keySet()));
      assertTrue(g == p.gradients().get("conv1.weight"));
      var buffer = assertThrows(IllegalArgumentException.class, () -> p.gradient("bn1.running_var"));
      assertEquals(
          "parameter 'bn1.running_var' is a non-trainable buffer (BN_RUNNING_VAR) and has no gradient",
          buffer.getMessage());
      var unknown = assertThrows(IllegalArgumentException.class, () -> p.gradient("fc.weights"));
      assertEquals("no parameter named 'fc.weights'", unknown.getMessage());
    }
  }

  @Test
  void closingFreesTheGradientsToo() {
    Parameters p = Parameters.allocate(graph, backend, Initializer.heNormal(), 3);
    List<Tensor> gradients = List.copyOf(p.gradients().values());
    p.close();
    assertTrue(gradients.stream().allMatch(Tensor::isClosed));
    var e = assertThrows(IllegalStateException.class, () -> p.gradient("fc.weight"));
    assertEquals("parameters already closed", e.getMessage());
  }

  @Test
  void unknownNamesAreNamed() {
    try (Parameters p = Parameters.allocate(graph, backend, Initializer.heNormal(), 1)) {
      var e = assertThrows(IllegalArgumentException.class, () -> p.get("fc.weights"));
      assertEquals("no parameter named 'fc.weights'", e.getMessage());
    }
  }
}
