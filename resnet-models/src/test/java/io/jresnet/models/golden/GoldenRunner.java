package io.jresnet.models.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs golden cases: builds the zoo model at the case's input size, writes its counter weights once per model to a
 * safetensors file, imports them through the weights importer onto a backend, runs forward and compares with
 * torchvision's output.
 */
final class GoldenRunner {
  /** The accuracy contract of DESIGN §4. */
  static final double TOLERANCE = 1e-4;

  private final Path folder;
  private final Map<String, Path> weightFiles = new ConcurrentHashMap<>();

  GoldenRunner(Path folder) {
    this.folder = folder;
  }

  /** The zoo graph of the case's model, at the case's input height and width. */
  static Graph graph(GoldenCase c) {
    return ResNetBuilder.build(Zoo.load(c.model()).withInput(c.height(), c.width(), 3));
  }

  /**
   * Runs {@code c} on {@code backend}, asserts the relative error is within {@link #TOLERANCE} and returns it.
   */
  double check(GoldenCase c, Backend backend) {
    long started = System.nanoTime();
    double error = relativeError(c, backend, weights(c));
    System.out.printf("golden %-34s on %-9s ||out-ref||/||ref|| = %.2e  (%d ms)%n",
        c, backend.name(), error, (System.nanoTime() - started) / 1_000_000);
    assertTrue(error <= TOLERANCE,
        c + " on " + backend.name() + ": relative error " + error + " exceeds " + TOLERANCE);
    return error;
  }

  /** Runs {@code c} on {@code backend} with the weights in {@code weightsFile}; returns the relative error. */
  static double relativeError(GoldenCase c, Backend backend, Path weightsFile) {
    HostTensor input = Npy.read(GoldenFixtures.verified(c.input(), c.inputSha256()));
    HostTensor expected = Npy.read(GoldenFixtures.verified(c.output(), c.outputSha256()));
    assertArrayEquals(c.inputShape(), input.shape().toArray(), c + ": input file shape");
    assertArrayEquals(c.outputShape(), expected.shape().toArray(), c + ": output file shape");

    Graph graph = graph(c);
    try (Parameters parameters = GoldenWeights.load(weightsFile, graph, backend);
        Model model = Model.bind(graph, backend, parameters);
        Tensor x = backend.fromHost(input.data(), input.shape());
        Tensor y = model.forward(x, Mode.EVAL)) {
      assertArrayEquals(c.outputShape(), y.shape().toArray(), c + ": model output shape");
      return RelativeError.of(y.copyToHost(), expected.data());
    }
  }

  /** The model's weights file, written on first use; the weights do not depend on the input size. */
  private Path weights(GoldenCase c) {
    return weightFiles.computeIfAbsent(c.model(), model -> {
      try {
        return GoldenWeights.write(GoldenWeights.torchvisionTensors(graph(c)), folder.resolve(model + ".safetensors"));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write golden weights for " + model, e);
      }
    });
  }
}
