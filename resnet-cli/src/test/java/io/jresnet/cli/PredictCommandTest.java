package io.jresnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jresnet.graph.Graph;
import io.jresnet.io.HostTensor;
import io.jresnet.models.ModelSpec;
import io.jresnet.models.ModelSpecReader;
import io.jresnet.models.ResNetBuilder;
import io.jresnet.models.Zoo;
import io.jresnet.models.data.ImagePreprocessor;
import io.jresnet.tck.ReferenceBackendProvider;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {
  @TempDir Path dir;

  private Graph graph;
  private Map<String, float[]> canonical;
  private Path weights;
  private Path cat;
  private Path dog;

  @BeforeEach
  void writeModelAndImages() throws IOException {
    graph = TestModels.graph("resnet20", 32, 32);
    canonical = TestModels.randomWeights(graph, 3);
    weights = TestModels.writeTorchvision(dir.resolve("resnet20.safetensors"), graph, canonical);
    cat = writePng("cat.png", 40, 52, 1);
    dog = writePng("dog.png", 33, 31, 2);
  }

  private static CliRun predict(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "--backend";
    all[1] = "reference";
    all[2] = "predict";
    System.arraycopy(args, 0, all, 3, args.length);
    return CliRun.run(new FakeBackendsModule().with("reference", ReferenceBackendProvider::new), all);
  }

  @Test
  void printsTopKLabelsWithSoftmaxProbabilitiesPerImage() throws IOException {
    Path labels = dir.resolve("labels.txt");
    Files.writeString(labels, "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n");
    List<String> names = Files.readAllLines(labels).subList(0, 10);
    CliRun run =
        predict("--model", "resnet20", "--weights", weights.toString(), "--labels", labels.toString(), "--top", "3",
            "--batch", "1", cat.toString(), dog.toString());
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals("", run.err());
    List<String> expected = new ArrayList<>();
    expected.addAll(expectedLines(Zoo.load("resnet20"), cat, 3, names, true));
    expected.addAll(expectedLines(Zoo.load("resnet20"), dog, 3, names, true));
    assertEquals(expected, run.out().lines().toList());
  }

  @Test
  void withoutLabelsShowsClassIndicesAndTopIsCappedAtTheClassCount() {
    CliRun run = predict("--model", "resnet20", "--weights", weights.toString(), "--top", "50", cat.toString());
    assertEquals(0, run.exitCode(), run::toString);
    List<String> lines = run.out().lines().toList();
    assertEquals(expectedLines(Zoo.load("resnet20"), cat, 10, null, true), lines);
    assertTrue(lines.get(1).matches("  1\\. 0\\.\\d{4}  class \\d"), run::toString);
  }

  @Test
  void aSoftmaxHeadIsNotSoftmaxedTwice() throws IOException {
    ObjectNode json = zooJson("resnet20");
    json.put("name", "resnet20-probabilities");
    ((ObjectNode) json.get("head")).put("activation", "softmax");
    Path spec = dir.resolve("probabilities.json");
    Files.writeString(spec, json.toPrettyString());
    CliRun run = predict("--model", spec.toString(), "--weights", weights.toString(), "--top", "2", cat.toString());
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(expectedLines(ModelSpecReader.read(spec), cat, 2, null, false), run.out().lines().toList());
  }

  @Test
  void labelsWhoseCountDiffersFromTheClasses() throws IOException {
    Path labels = dir.resolve("imagenet.txt");
    Files.writeString(labels, "tench\ngoldfish\ngreat white shark\n");
    CliRun run =
        predict("--model", "resnet20", "--weights", weights.toString(), "--labels", labels.toString(), cat.toString());
    assertEquals(1, run.exitCode(), run::toString);
    assertEquals("resnet: " + labels + ": has 3 labels (one per line) but resnet20 has 10 classes\n", run.err());
  }

  @Test
  void missingAndUnreadableImagesAreNamed() throws IOException {
    Path missing = dir.resolve("missing.jpg");
    CliRun run = predict("--model", "resnet20", "--weights", weights.toString(), cat.toString(), missing.toString());
    assertEquals(1, run.exitCode(), run::toString);
    assertEquals("", run.out());
    assertTrue(run.err().startsWith("resnet: " + missing), run::toString);
    assertTrue(run.err().contains("no such file"), run::toString);

    Path text = Files.writeString(dir.resolve("notes.png"), "not an image");
    CliRun unreadable = predict("--model", "resnet20", "--weights", weights.toString(), text.toString());
    assertEquals(1, unreadable.exitCode(), unreadable::toString);
    assertTrue(unreadable.err().startsWith("resnet: " + text), unreadable::toString);
    assertEquals(1, unreadable.err().lines().count(), unreadable::toString);
  }

  @Test
  void aModelWithoutPreprocessingCannotTakeImages() throws IOException {
    ObjectNode json = zooJson("resnet20");
    json.remove("preprocessing");
    Path spec = dir.resolve("raw.json");
    Files.writeString(spec, json.toPrettyString());
    CliRun run = predict("--model", spec.toString(), "--weights", weights.toString(), cat.toString());
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().contains("/preprocessing"), run::toString);
    assertTrue(run.err().contains("no preprocessing section"), run::toString);
  }

  @Test
  void usageErrors() {
    CliRun noImages = predict("--model", "resnet20", "--weights", weights.toString());
    assertEquals(2, noImages.exitCode(), noImages::toString);
    assertTrue(noImages.err().startsWith("resnet: Missing required parameter: 'IMAGE'"), noImages::toString);
    CliRun topZero = predict("--model", "resnet20", "--weights", weights.toString(), "--top", "0", cat.toString());
    assertEquals(2, topZero.exitCode(), topZero::toString);
    assertTrue(topZero.err().contains("'--top': must be at least 1, got 0"), topZero::toString);
  }

  @Test
  void rankingSoftmaxAndTies() {
    double[] p = ClassRanking.softmax(new float[] {9, 1000, 1000, 999}, 1, 3);
    assertEquals(1.0, p[0] + p[1] + p[2], 1e-12);
    assertEquals(p[0], p[1]);
    assertEquals(Math.exp(-1) * p[0], p[2], 1e-12);
    int[] top = ClassRanking.top(p, 2);
    assertEquals(0, top[0]);
    assertEquals(1, top[1]);
    assertEquals(3, ClassRanking.top(p, 10).length);
  }

  /** What predict should print for {@code image}, computed without the CLI. */
  private List<String> expectedLines(
      ModelSpec spec, Path image, int k, List<String> names, boolean softmax) {
    ImagePreprocessor preprocessor = ImagePreprocessor.forModel(spec);
    HostTensor x = new HostTensor(preprocessor.batchShape(1), preprocessor.load(image));
    HostTensor y = TestModels.referenceForward(ResNetBuilder.build(spec), canonical, x);
    int classes = y.shape().dim(1);
    double[] p = softmax ? ClassRanking.softmax(y.data(), 0, classes) : ClassRanking.copy(y.data(), 0, classes);
    List<String> lines = new ArrayList<>();
    lines.add(image + ":");
    int[] order = IntStream.range(0, classes).boxed()
        .sorted((a, b) -> Double.compare(p[b], p[a]))
        .mapToInt(Integer::intValue)
        .limit(k)
        .toArray();
    for (int rank = 0; rank < order.length; rank++) {
      int c = order[rank];
      String name = names == null ? "class " + c : names.get(c) + " (" + c + ")";
      lines.add(String.format(Locale.ROOT, "  %d. %.4f  %s", rank + 1, p[c], name));
    }
    return lines;
  }

  private Path writePng(String name, int width, int height, long seed) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    SplittableRandom random = new SplittableRandom(seed);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    Path file = dir.resolve(name);
    ImageIO.write(image, "png", file.toFile());
    return file;
  }

  private static ObjectNode zooJson(String name) throws IOException {
    try (InputStream in = Zoo.class.getResourceAsStream("zoo/" + name + ".json")) {
      return (ObjectNode) new ObjectMapper().readTree(in);
    }
  }
}
