package io.jresnet.models.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.backend.Backend;
import io.jresnet.graph.Graph;
import io.jresnet.io.HostTensor;
import io.jresnet.io.Npy;
import io.jresnet.models.ResNetBuilder;
import io.jresnet.models.Zoo;
import io.jresnet.nn.Mode;
import io.jresnet.nn.Model;
import io.jresnet.nn.Parameters;
import io.jresnet.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs golden cases on one backend: builds the zoo model at the case's input size, writes its counter weights to a
 * torchvision-layout safetensors file, imports them through the weights importer, runs forward and compares with
 * torchvision's output. Weights are written and imported once per model and parameter shapes (only the Keras
 * model's dense layer depends on the input size) and freed by {@link #close()}.
 */
final class GoldenRunner implements AutoCloseable {
  /** The accuracy contract of DESIGN §4. */
  static final double TOLERANCE = 1e-4;

  private final Backend backend;
  private final Path folder;
  private final Map<String, Parameters> imported = new LinkedHashMap<>();

  /**
   * @param backend where the models run
   * @param folder where the weights files go (a test's temporary folder)
   */
  GoldenRunner(Backend backend, Path folder) {
    this.backend = backend;
    this.folder = folder;
  }

  /** The zoo graph of the case's model, at the case's input height and width. */
  static Graph graph(GoldenCase c) {
    return ResNetBuilder.build(Zoo.load(c.model()).withInput(c.height(), c.width(), 3));
  }

  /** Runs {@code c}, prints and returns its relative error after asserting it is within {@link #TOLERANCE}. */
  double check(GoldenCase c) {
    long started = System.nanoTime();
    Graph graph = graph(c);
    double error = relativeError(c, graph, parameters(c.model(), graph));
    System.out.printf("golden %-34s on %-9s ||out-ref||/||ref|| = %.2e  (%d ms)%n",
        c, backend.name(), error, (System.nanoTime() - started) / 1_000_000);
    assertTrue(error <= TOLERANCE,
        c + " on " + backend.name() + ": relative error " + error + " exceeds " + TOLERANCE);
    return error;
  }

  /** Runs {@code c} with the weights in {@code weightsFile}, imported afresh; returns the relative error. */
  double relativeError(GoldenCase c, Path weightsFile) {
    Graph graph = graph(c);
    try (Parameters parameters = GoldenWeights.load(weightsFile, graph, backend)) {
      return relativeError(c, graph, parameters);
    }
  }

  private double relativeError(GoldenCase c, Graph graph, Parameters parameters) {
    HostTensor input = Npy.read(GoldenFixtures.verified(c.input(), c.inputSha256()));
    HostTensor expected = Npy.read(GoldenFixtures.verified(c.output(), c.outputSha256()));
    assertEquals(c.inputShape(), input.shape(), c + ": input file shape");
    assertEquals(c.outputShape(), expected.shape(), c + ": output file shape");
    try (Model model = Model.bind(graph, backend, parameters);
        Tensor x = backend.fromHost(input.data(), input.shape());
        Tensor y = model.forward(x, Mode.EVAL)) {
      assertEquals(c.outputShape(), y.shape(), c + ": model output shape");
      return RelativeError.of(y.copyToHost(), expected.data());
    }
  }

  /** The model's counter weights for the graph's parameter shapes, written to a file and imported on first use. */
  private Parameters parameters(String model, Graph graph) {
    String key = model + Parameters.specs(graph).stream().map(spec -> spec.shape().toString()).toList();
    Parameters parameters = imported.get(key);
    if (parameters == null) {
      Path file = folder.resolve(model + "-" + imported.size() + ".safetensors");
      try {
        GoldenWeights.write(GoldenWeights.torchvisionTensors(graph), file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write golden weights " + file, e);
      }
      parameters = GoldenWeights.load(file, graph, backend);
      imported.put(key, parameters);
    }
    return parameters;
  }

  @Override
  public void close() {
    imported.values().forEach(Parameters::close);
    imported.clear();
  }
}
