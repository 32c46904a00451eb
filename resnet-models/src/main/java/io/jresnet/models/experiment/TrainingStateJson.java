package io.jresnet.models.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jresnet.ConfigException;
import io.jresnet.models.LocatedJson;
import io.jresnet.models.NumberRange;
import io.jresnet.models.SpecObject;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code state.json} of a checkpoint. Numbers are written with every digit, so a state reads back exactly.
 *
 * <pre>{@code
 * {"format": "jresnet-training-state-1", "epoch": 2, "step": 40, "seed": 7, "lr": 0.1, "best_epoch": 2,
 *  "best_accuracy": 0.81, "history": [{"epoch": 1, "lr": 0.1, "train_loss": 1.2, "train_accuracy": 0.6,
 *  "val_loss": 0.9, "val_accuracy": 0.7, "val_top5": 0.99, "images_per_second": 812.5, "seconds": 3.1}, ...]}
 * }</pre>
 */
public final class TrainingStateJson {
  /** The value of the {@code format} field. */
  public static final String FORMAT = "jresnet-training-state-1";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final NumberRange ANY = NumberRange.closed(-Double.MAX_VALUE, Double.MAX_VALUE);
  private static final NumberRange FRACTION = NumberRange.closed(0, 1);
  private static final NumberRange NON_NEGATIVE = NumberRange.closed(0, Double.MAX_VALUE);

  private TrainingStateJson() {}

  /** The JSON text of {@code state}. */
  public static String write(TrainingState state) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("epoch", state.epoch());
    root.put("step", state.step());
    root.put("seed", state.seed());
    root.put("lr", state.lr());
    root.put("best_epoch", state.bestEpoch());
    root.put("best_accuracy", state.bestAccuracy());
    ArrayNode history = root.putArray("history");
    for (EpochMetrics m : state.history()) {
      ObjectNode row = history.addObject();
      row.put("epoch", m.epoch());
      row.put("lr", m.lr());
      row.put("train_loss", m.trainLoss());
      row.put("train_accuracy", m.trainAccuracy());
      row.put("val_loss", m.valLoss());
      row.put("val_accuracy", m.valAccuracy());
      row.put("val_top5", m.valTop5());
      row.put("images_per_second", m.imagesPerSecond());
      row.put("seconds", m.seconds());
    }
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a state; {@code source} names the file in errors.
   *
   * @throws ConfigException naming the file, pointer and line:column of the first bad field
   */
  public static TrainingState read(String json, String source) {
    LocatedJson doc = LocatedJson.parse(new StringReader(json), source);
    SpecObject root =
        SpecObject.root(doc, "format", "epoch", "step", "seed", "lr", "best_epoch", "best_accuracy", "history");
    String format = root.requiredString("format");
    if (!format.equals(FORMAT)) {
      throw root.error("format", "unknown format '" + format + "'; allowed values: '" + FORMAT + "'");
    }
    int epoch = root.requiredInt("epoch", 0, ExperimentReader.MAX_EPOCHS);
    List<EpochMetrics> history = new ArrayList<>();
    List<SpecObject> rows =
        epoch == 0 && !root.has("history")
            ? List.of()
            : root.requiredObjects(
                "history", epoch, epoch, "epoch", "lr", "train_loss", "train_accuracy", "val_loss", "val_accuracy",
                "val_top5", "images_per_second", "seconds");
    for (int i = 0; i < rows.size(); i++) {
      SpecObject row = rows.get(i);
      history.add(
          new EpochMetrics(
              row.requiredInt("epoch", i + 1, i + 1),
              row.requiredNumber("lr", NON_NEGATIVE),
              row.requiredNumber("train_loss", ANY),
              row.requiredNumber("train_accuracy", FRACTION),
              row.requiredNumber("val_loss", ANY),
              row.requiredNumber("val_accuracy", FRACTION),
              row.requiredNumber("val_top5", FRACTION),
              row.requiredNumber("images_per_second", NON_NEGATIVE),
              row.requiredNumber("seconds", NON_NEGATIVE)));
    }
    return new TrainingState(
        epoch,
        root.requiredLong("step", 0, Long.MAX_VALUE),
        root.requiredLong("seed", Long.MIN_VALUE, Long.MAX_VALUE),
        root.requiredNumber("lr", NON_NEGATIVE),
        root.requiredInt("best_epoch", 0, epoch),
        root.requiredNumber("best_accuracy", FRACTION),
        history);
  }
}
