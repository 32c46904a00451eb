package io.jresnet.models.golden.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jresnet.io.HostTensor;
import io.jresnet.io.Npy;
import io.jresnet.models.golden.GoldenFixtures;
import io.jresnet.train.SgdParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The committed training fixtures under {@code src/test/resources/golden/train/}, made by
 * {@code tools/golden/train_step.py}. Files are checked against the manifest's SHA-256 before use, and a missing
 * field is named by its JSON pointer.
 */
final class TrainingFixtures {
  static final String FOLDER = "train/";
  private static final String MANIFEST = FOLDER + "manifest.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private TrainingFixtures() {}

  /** The cases of the manifest, in its order. */
  static List<TrainingCase> cases() {
    JsonNode manifest = read(manifestPath(), MANIFEST);
    List<TrainingCase> cases = new ArrayList<>();
    for (JsonNode c : required(manifest, "cases", "")) {
      String at = "/cases/" + cases.size();
      JsonNode optimizer = required(c, "optimizer", at);
      if (!"sgd".equals(required(optimizer, "type", at + "/optimizer").asText())) {
        throw new AssertionError(MANIFEST + " " + at + "/optimizer/type: only sgd is recorded");
      }
      List<TrainingStepFixture> steps = new ArrayList<>();
      for (JsonNode s : required(c, "steps", at)) {
        String stepAt = at + "/steps/" + steps.size();
        steps.add(new TrainingStepFixture(
            required(s, "input", stepAt).asText(),
            required(s, "input_sha256", stepAt).asText(),
            ints(required(s, "labels", stepAt)),
            (float) required(s, "lr", stepAt).asDouble(),
            required(s, "loss", stepAt).asDouble()));
      }
      cases.add(new TrainingCase(
          required(c, "model", at).asText(),
          required(c, "classes", at).asInt(),
          ints(required(c, "batch_shape", at)),
          (float) required(c, "label_smoothing", at).asDouble(),
          required(c, "bn_momentum", at).asDouble(),
          new SgdParams(
              (float) required(optimizer, "momentum", at + "/optimizer").asDouble(),
              (float) required(optimizer, "weight_decay", at + "/optimizer").asDouble(),
              required(optimizer, "nesterov", at + "/optimizer").asBoolean(),
              false),
          steps,
          required(c, "checksums", at).asText(),
          required(c, "checksums_sha256", at).asText(),
          required(c, "full_deltas", at).asText(),
          required(c, "full_deltas_sha256", at).asText()));
    }
    return cases;
  }

  /** The batch of a step as an NHWC host tensor, after its checksum. */
  static HostTensor input(TrainingStepFixture step) {
    return Npy.read(GoldenFixtures.verified(FOLDER + step.input(), step.inputSha256()));
  }

  /** Per step, the reference checksums by tensor name (state_dict order). */
  static List<Map<String, UpdateChecksums>> checksums(TrainingCase c) {
    String file = FOLDER + c.checksums();
    JsonNode root = checksumDocument(c);
    List<Map<String, UpdateChecksums>> steps = new ArrayList<>();
    for (JsonNode step : required(root, "steps", "")) {
      Map<String, UpdateChecksums> tensors = new LinkedHashMap<>();
      for (JsonNode t : required(step, "tensors", "/steps/" + steps.size())) {
        String at = file + " /steps/" + steps.size() + "/tensors/" + tensors.size();
        JsonNode samples = required(t, "samples", at);
        int[] indices = new int[samples.size()];
        double[] deltas = new double[samples.size()];
        for (int j = 0; j < samples.size(); j++) {
          indices[j] = required(samples.get(j), "index", at + "/samples/" + j).asInt();
          deltas[j] = required(samples.get(j), "delta", at + "/samples/" + j).asDouble();
        }
        String name = required(t, "name", at).asText();
        tensors.put(name, new UpdateChecksums(
            name,
            ints(required(t, "shape", at)),
            required(t, "updated_l2", at).asDouble(),
            required(t, "delta_l2", at).asDouble(),
            doubles(required(t, "projections", at)),
            indices,
            deltas));
      }
      steps.add(tensors);
    }
    return steps;
  }

  /** The final delta of every tensor with a full record, by name, row-major in its PyTorch shape. */
  static Map<String, float[]> fullDeltas(TrainingCase c) {
    String offsetsFile = FOLDER + c.checksums();
    JsonNode offsets = required(checksumDocument(c), "full_deltas", "");
    HostTensor all = Npy.read(GoldenFixtures.verified(FOLDER + c.fullDeltas(), c.fullDeltasSha256()));
    float[] data = all.data();
    Map<String, float[]> deltas = new LinkedHashMap<>();
    for (JsonNode o : offsets) {
      String at = offsetsFile + " /full_deltas/" + deltas.size();
      int offset = required(o, "offset", at).asInt();
      int length = required(o, "length", at).asInt();
      if (offset < 0 || length < 0 || offset + length > data.length) {
        throw new AssertionError(at + ": [" + offset + ", " + (offset + length) + ") lies outside the "
            + data.length + " values of " + c.fullDeltas());
      }
      deltas.put(required(o, "name", at).asText(), Arrays.copyOfRange(data, offset, offset + length));
    }
    return deltas;
  }

  private static JsonNode checksumDocument(TrainingCase c) {
    String file = FOLDER + c.checksums();
    return read(GoldenFixtures.verified(file, c.checksumsSha256()), file);
  }

  private static Path manifestPath() {
    URL url = TrainingFixtures.class.getResource("/golden/" + MANIFEST);
    if (url == null) {
      throw new AssertionError("golden/" + MANIFEST + " is not on the test class path;"
          + " regenerate with tools/golden/train_step.py");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("golden fixture URL " + url + " is not a path", e);
    }
  }

  private static JsonNode read(Path path, String file) {
    try {
      return JSON.readTree(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read golden " + file, e);
    }
  }

  private static JsonNode required(JsonNode node, String field, String pointer) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new AssertionError("golden training fixture: missing " + pointer + "/" + field);
    }
    return value;
  }

  private static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  private static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }
}
