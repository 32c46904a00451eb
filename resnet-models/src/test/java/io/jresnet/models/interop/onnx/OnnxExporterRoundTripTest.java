package io.jresnet.models.interop.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtException;
import io.jresnet.cpu.CpuBackend;
import io.jresnet.cpu.CpuComputePool;
import io.jresnet.graph.Graph;
import io.jresnet.models.ModelSpec;
import io.jresnet.models.ResNetBuilder;
import io.jresnet.models.Zoo;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Zoo models exported to ONNX and run by ONNX Runtime agree with our CPU backend on the same seeded weights (with
 * non-trivial batch-norm statistics) and input: {@code max |ort - ours| / max |ours|} at most 1e-4 (see {@link
 * OrtRoundTrip.Outputs#maxRelativeError}). Small inputs keep the class to seconds.
 */
class OnnxExporterRoundTripTest {
  private static final double TOLERANCE = 1e-4;

  private static CpuBackend backend;

  @BeforeAll
  static void open() {
    backend = new CpuBackend(new CpuComputePool(Runtime.getRuntime().availableProcessors()));
  }

  @AfterAll
  static void close() {
    backend.close();
  }

  static Graph zooGraph(String name, int height, int width, int channels) {
    ModelSpec spec = Zoo.load(name);
    return ResNetBuilder.build(spec.withInput(height, width, channels));
  }

  /**
   * resnet18: 7x7/2 stem, padded 3x3/2 max pool, projection shortcuts. resnet20 and resnet56: the CIFAR family, also
   * on one channel. resnet50-keras-64x64-6: zero_pad2d folded into the stem conv, conv biases, epsilon 1e-3, a 2x2
   * 'same' average pool without padding in its divisor, flatten, softmax; at 80x80 its last map is 3x3, so the pool
   * pads asymmetrically (bottom and right only) and the flatten reads a 2x2 map (the NHWC-order transpose).
   */
  @ParameterizedTest(name = "{0} {1}x{2}x{3}, batch {4}")
  @CsvSource({
    "resnet18, 64, 64, 3, 2",
    "resnet20, 28, 28, 1, 2",
    "resnet20, 28, 28, 3, 2",
    "resnet56, 32, 32, 3, 1",
    "resnet50-keras-64x64-6, 64, 64, 3, 2",
    "resnet50-keras-64x64-6, 80, 80, 3, 1"
  })
  void onnxRuntimeAgreesWithTheCpuBackend(String model, int height, int width, int channels, int batch)
      throws OrtException {
    Graph graph = zooGraph(model, height, width, channels);
    check(model, graph, batch);
    if (graph.endsInSoftmax()) {
      // Random weights saturate the softmax (near one-hot probabilities), which would hide errors in the logits.
      check(model + " logits", graph.withoutFinalSoftmax(), batch);
    }
  }

  private static void check(String model, Graph graph, int batch) throws OrtException {
    OrtRoundTrip.Outputs outputs = OrtRoundTrip.run(graph, backend, batch, 42);
    assertEquals(outputs.ours().shape(), outputs.ort().shape());
    double error = outputs.maxRelativeError();
    System.out.printf(
        Locale.ROOT, "ONNX round trip %s %s b%d: max relative error %.3g%n", model, graph.inputShape(), batch, error);
    assertTrue(error <= TOLERANCE, () -> model + ": max |ort - ours| / max |ours| = " + error);
  }
}
