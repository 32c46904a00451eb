package io.jresnet.models.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingStateJsonTest {
  private static final TrainingState STATE =
      new TrainingState(
          2, 40, 7, 0.1 / 3, 1, 0.8125,
          List.of(
              new EpochMetrics(1, 0.1, 1.25, 0.5, 0.875, 0.8125, 0.99, 812.5, 3.25),
              new EpochMetrics(2, 0.1 / 3, Math.PI, 0.625, 1.0 / 3, 0.75, 1, 900.0, 2.5)));

  @Test
  void roundTripsEveryDigit() {
    assertEquals(STATE, TrainingStateJson.read(TrainingStateJson.write(STATE), "state.json"));
    TrainingState fresh = TrainingState.start(3, 0.05);
    assertEquals(fresh, TrainingStateJson.read(TrainingStateJson.write(fresh), "state.json"));
  }

  @Test
  void badFieldsAreNamed() {
    String json = TrainingStateJson.write(STATE);
    assertEquals(
        "state.json:2:14 at /format: unknown format 'x'; allowed values: 'jresnet-training-state-1'",
        assertThrows(
                ConfigException.class,
                () -> TrainingStateJson.read(json.replace("jresnet-training-state-1", "x"), "state.json"))
            .getMessage());
    assertEquals(
        "state.json:9:15 at /history: expected exactly 3 items, got 2",
        assertThrows(
                ConfigException.class,
                () -> TrainingStateJson.read(json.replace("\"epoch\" : 2,", "\"epoch\" : 3,"), "state.json"))
            .getMessage());
  }

  @Test
  void theStateChecksItsOwnInvariants() {
    assertEquals(
        "history has 0 epochs, the state 1",
        assertThrows(IllegalArgumentException.class, () -> new TrainingState(1, 1, 0, 0.1, 0, 0, List.of()))
            .getMessage());
  }
}
