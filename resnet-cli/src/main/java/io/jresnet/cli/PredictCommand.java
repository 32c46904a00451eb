package io.jresnet.cli;

import com.google.inject.Inject;
import io.jresnet.JresnetException;
import io.jresnet.backend.Backend;
import io.jresnet.graph.Graph;
import io.jresnet.models.Activation;
import io.jresnet.models.ModelSpec;
import io.jresnet.models.ResNetBuilder;
import io.jresnet.models.data.DataException;
import io.jresnet.models.data.ImagePreprocessor;
import io.jresnet.nn.Mode;
import io.jresnet.nn.Model;
import io.jresnet.nn.Parameters;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code resnet predict}: classifies image files. Each image goes through the spec's preprocessing (for torchvision
 * models: resize the shorter side to 256, centre-crop 224, ImageNet mean and std), the model runs on batches of
 * them, and the top-K classes are printed with their probabilities: a softmax over the logits when the head has no
 * activation of its own, the outputs themselves when it ends in a softmax.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = "Classify JPEG/PNG images: the top-K classes of each, with probabilities.")
final class PredictCommand implements Callable<Integer> {
  @Mixin private TrainedModelOptions trainedModel;

  @Option(
      names = "--labels",
      paramLabel = "labels.txt",
      description = "Class names, one per line in class order (default: class indices).")
  private Path labels;

  @Option(
      names = "--top",
      paramLabel = "K",
      defaultValue = "5",
      converter = IntConverters.Positive.class,
      description = "Classes to show per image (default: ${DEFAULT-VALUE}).")
  private int top;

  @Option(
      names = "--batch",
      paramLabel = "N",
      defaultValue = "8",
      converter = IntConverters.Positive.class,
      description = "Images per forward pass (default: ${DEFAULT-VALUE}).")
  private int batch;

  @picocli.CommandLine.Parameters(arity = "1..*", paramLabel = "IMAGE", description = "JPEG or PNG files.")
  private List<Path> images;

  @Spec private CommandSpec spec;

  private final BackendOpener backends;

  @Inject
  PredictCommand(BackendOpener backends) {
    this.backends = backends;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    ModelSpec modelSpec = trainedModel.resolveModel();
    ImagePreprocessor preprocessor = ImagePreprocessor.forModel(modelSpec);
    modelSpec = modelSpec.withInput(preprocessor.height(), preprocessor.width(), preprocessor.channels());
    int classes = modelSpec.head().classes();
    List<String> classNames = labels == null ? null : readLabels(labels, modelSpec.name(), classes);
    for (Path image : images) {
      if (!Files.isRegularFile(image)) {
        throw new DataException(image, Files.exists(image) ? "not a regular file" : "no such file");
      }
    }
    Graph graph = ResNetBuilder.build(modelSpec);
    // Every tensor is checked and read before a backend is chosen, so a wrong file fails fast.
    TrainedModelOptions.HostWeights hostWeights = trainedModel.readWeights(graph);
    boolean logits = modelSpec.head().activation() == Activation.NONE;
    try (Backend backend = backends.open(spec.commandLine().getErr());
        Parameters parameters = hostWeights.upload(backend);
        Model network = Model.bindForInference(graph, backend, parameters)) {
      for (int first = 0; first < images.size(); first += batch) {
        List<Path> chunk = images.subList(first, Math.min(images.size(), first + batch));
        float[] outputs = classify(network, backend, preprocessor, chunk);
        for (int i = 0; i < chunk.size(); i++) {
          double[] p =
              logits
                  ? ClassRanking.softmax(outputs, i * classes, classes)
                  : ClassRanking.copy(outputs, i * classes, classes);
          print(out, chunk.get(i), p, classNames);
        }
        out.flush();
      }
    }
    return ExitCode.OK;
  }

  /** The model's outputs for {@code chunk}, row-major {@code [chunk.size(), classes]}. */
  private static float[] classify(
      Model network, Backend backend, ImagePreprocessor preprocessor, List<Path> chunk) {
    Shape shape = preprocessor.batchShape(chunk.size());
    int imageSize = shape.size() / chunk.size();
    float[] pixels = new float[shape.size()];
    for (int i = 0; i < chunk.size(); i++) {
      System.arraycopy(preprocessor.load(chunk.get(i)), 0, pixels, i * imageSize, imageSize);
    }
    try (Tensor x = backend.fromHost(pixels, shape);
        Tensor y = network.forward(x, Mode.EVAL)) {
      return y.copyToHost();
    }
  }

  private void print(PrintWriter out, Path image, double[] probabilities, List<String> classNames) {
    out.println(image + ":");
    int rank = 1;
    for (int c : ClassRanking.top(probabilities, top)) {
      String name = classNames == null ? "class " + c : classNames.get(c) + " (" + c + ")";
      out.printf(Locale.ROOT, "  %d. %.4f  %s%n", rank++, probabilities[c], name);
    }
  }

  /** One label per line; trailing blank lines are dropped, and the count must be the model's class count. */
  static List<String> readLabels(Path file, String modelName, int classes) {
    List<String> lines;
    try {
      lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    while (!lines.isEmpty() && lines.getLast().isBlank()) {
      lines.removeLast();
    }
    if (lines.size() != classes) {
      throw new JresnetException(
          file + ": has " + lines.size() + " labels (one per line) but " + modelName + " has " + classes
              + " classes");
    }
    return lines.stream().map(String::strip).toList();
  }
}
