package io.jresnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jresnet.io.HostTensor;
import io.jresnet.tck.ReferenceBackend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SGD, Adam and AdamW on the reference backend against torch.optim, step by step, with and without weight decay on
 * batch-norm and bias parameters, and across a save/restore of the optimizer state in the middle of the run.
 */
class OptimizerGoldenTest {
  /** PyTorch updates in float32, the reference accumulates in double: they differ by float32 rounding. */
  private static final double TOLERANCE = 2e-6;

  static List<Named<JsonNode>> cases() {
    return OptimizerFixture.cases().stream().map(c -> Named.of(c.get("name").asText(), c)).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyStepMatchesPyTorch(JsonNode c) {
    try (ReferenceBackend backend = new ReferenceBackend();
        Optimizer optimizer = OptimizerFixture.optimizer(c)) {
      List<TrainableParameter> parameters = OptimizerFixture.parameters(backend);
      for (int step = 0; step < OptimizerFixture.steps(); step++) {
        OptimizerFixture.loadGradients(parameters, step);
        optimizer.step(parameters, OptimizerFixture.lr(step));
        assertParameters(c, step, parameters);
      }
      assertEquals(OptimizerFixture.steps(), optimizer.stepCount());
      assertState(c, optimizer.state());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aRestoredOptimizerContinuesExactly(JsonNode c) {
    int half = OptimizerFixture.steps() / 2;
    OptimizerState saved;
    Map<String, float[]> valuesAtHalf = new LinkedHashMap<>();
    try (ReferenceBackend backend = new ReferenceBackend();
        Optimizer first = OptimizerFixture.optimizer(c)) {
      List<TrainableParameter> parameters = OptimizerFixture.parameters(backend);
      for (int step = 0; step < half; step++) {
        OptimizerFixture.loadGradients(parameters, step);
        first.step(parameters, OptimizerFixture.lr(step));
      }
      saved = first.state();
      parameters.forEach(p -> valuesAtHalf.put(p.name(), p.value().copyToHost()));
    }
    // A new process: another backend, fresh tensors holding the checkpointed values.
    try (ReferenceBackend backend = new ReferenceBackend();
        Optimizer resumed = OptimizerFixture.optimizer(c)) {
      List<TrainableParameter> parameters = OptimizerFixture.parameters(backend);
      parameters.forEach(p -> p.value().copyFromHost(valuesAtHalf.get(p.name())));
      resumed.load(parameters, saved);
      assertEquals(half, resumed.stepCount());
      assertEquals(saved, resumed.state(), "the loaded state reads back unchanged");
      for (int step = half; step < OptimizerFixture.steps(); step++) {
        OptimizerFixture.loadGradients(parameters, step);
        resumed.step(parameters, OptimizerFixture.lr(step));
        assertParameters(c, step, parameters);
      }
      assertState(c, resumed.state());
    }
  }

  private static void assertParameters(JsonNode c, int step, List<TrainableParameter> parameters) {
    JsonNode after = c.get("after").get(step);
    for (int i = 0; i < parameters.size(); i++) {
      assertClose(
          OptimizerFixture.floats(after.get(i)),
          parameters.get(i).value().copyToHost(),
          c.get("name").asText() + " step " + step + " " + parameters.get(i).name());
    }
  }

  private static void assertState(JsonNode c, OptimizerState state) {
    JsonNode expected = c.get("state");
    List<String> names = new ArrayList<>();
    expected.fieldNames().forEachRemaining(names::add);
    assertEquals(
        new TreeSet<>(names), new TreeSet<>(state.tensors().keySet()), c.get("name").asText());
    for (String name : names) {
      HostTensor actual = state.tensors().get(name);
      assertClose(OptimizerFixture.floats(expected.get(name)), actual.data(), c.get("name").asText() + " " + name);
    }
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      double error = Math.abs(expected[i] - actual[i]);
      double allowed = TOLERANCE * Math.max(1, Math.abs(expected[i]));
      if (!(error <= allowed)) {
        Assertions.fail(what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i]);
      }
    }
    assertTrue(expected.length > 0, what + ": nothing compared");
  }
}
