package io.jresnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every schedule against the rates PyTorch's schedulers give ({@code tools/golden/schedules.py}). */
class LrScheduleGoldenTest {
  /** Steps per epoch for the epoch-based cases: PyTorch's rate for epoch e must hold for all its steps. */
  private static final int STEPS_PER_EPOCH = 3;

  static Stream<Named<JsonNode>> cases() throws IOException {
    try (InputStream in = LrScheduleGoldenTest.class.getResourceAsStream("/train/schedules.json")) {
      if (in == null) {
        throw new AssertionError("missing fixture train/schedules.json; run tools/golden/schedules.py");
      }
      List<JsonNode> out = new ArrayList<>();
      new ObjectMapper().readTree(in).get("cases").forEach(out::add);
      return out.stream().map(c -> Named.of(c.get("name").asText(), c));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesPyTorch(JsonNode c) {
    JsonNode p = c.get("params");
    JsonNode lrs = c.get("lrs");
    String name = c.get("name").asText();
    boolean perEpoch = name.equals("step") || name.equals("multistep");
    LrSchedule schedule = build(name, p);
    assertTrue(lrs.size() > 5, "fixture " + name + " has too few rates to test anything");
    for (int i = 0; i < lrs.size(); i++) {
      double expected = lrs.get(i).asDouble();
      if (perEpoch) {
        for (int j = 0; j < STEPS_PER_EPOCH; j++) {
          long step = (long) i * STEPS_PER_EPOCH + j;
          assertEquals(expected, schedule.lr(step), 1e-12, name + " epoch " + i + ", step " + step);
        }
      } else {
        assertEquals(expected, schedule.lr(i), 1e-12, name + " step " + i);
      }
    }
  }

  private static LrSchedule build(String name, JsonNode p) {
    return switch (name) {
      case "constant" -> new ConstantLr(p.get("lr").asDouble());
      case "step" ->
          new StepLr(
              p.get("lr").asDouble(), STEPS_PER_EPOCH, p.get("every_epochs").asInt(), p.get("gamma").asDouble());
      case "multistep" -> {
        List<Integer> milestones = new ArrayList<>();
        p.get("milestones").forEach(m -> milestones.add(m.asInt()));
        yield new MultiStepLr(p.get("lr").asDouble(), STEPS_PER_EPOCH, milestones, p.get("gamma").asDouble());
      }
      case "cosine" ->
          new CosineLr(p.get("lr").asDouble(), p.get("total_steps").asLong(), p.get("floor").asDouble());
      case "warmup_const" ->
          new LinearWarmup(
              new ConstantLr(p.get("lr").asDouble()),
              p.get("warmup_steps").asLong(),
              p.get("start_factor").asDouble());
      case "warmup_cos" -> {
        long warmup = p.get("warmup_steps").asLong();
        CosineLr after =
            new CosineLr(p.get("lr").asDouble(), p.get("total_steps").asLong() - warmup, p.get("floor").asDouble());
        yield new LinearWarmup(after, warmup, p.get("start_factor").asDouble());
      }
      case "onecycle", "onecycle3" ->
          new OneCycleLr(
              p.get("max_lr").asDouble(),
              p.get("total_steps").asLong(),
              p.get("pct_start").asDouble(),
              p.get("div_factor").asDouble(),
              p.get("final_div_factor").asDouble(),
              p.get("three_phase").asBoolean());
      default -> throw new AssertionError("fixture case " + name + " has no schedule in this test");
    };
  }
}
