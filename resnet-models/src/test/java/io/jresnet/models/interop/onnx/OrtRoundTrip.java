package io.jresnet.models.interop.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.jresnet.backend.Backend;
import io.jresnet.graph.Graph;
import io.jresnet.io.HostTensor;
import io.jresnet.nn.Mode;
import io.jresnet.nn.Model;
import io.jresnet.nn.ParameterSpec;
import io.jresnet.nn.Parameters;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs a graph on our backend and its ONNX export on ONNX Runtime with the same seeded random weights and input, for
 * the export tests. The weights have non-trivial batch-norm statistics (running mean in [-0.5, 0.5], running variance
 * in [0.5, 1.5]), so a batch norm exported without them, or with gamma and beta swapped, shows.
 */
final class OrtRoundTrip {
  /** Ours and ONNX Runtime's outputs for the same input, both in our layout (rank 2, or NHWC for feature maps). */
  record Outputs(HostTensor ours, HostTensor ort) {
    /**
     * The error the export tests bound: {@code max |ort - ours| / max |ours|} over all elements, in float64. Relative
     * to the largest output rather than per element, so that outputs near zero do not dominate.
     */
    double maxRelativeError() {
      float[] a = ours.data();
      float[] b = ort.data();
      double diff = 0;
      double scale = 0;
      for (int i = 0; i < a.length; i++) {
        diff = Math.max(diff, Math.abs((double) a[i] - b[i]));
        scale = Math.max(scale, Math.abs((double) a[i]));
      }
      return diff / scale;
    }
  }

  private OrtRoundTrip() {}

  /** Random weights for {@code graph} in canonical layout, by name. */
  static Map<String, float[]> randomWeights(Graph graph, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, float[]> weights = new LinkedHashMap<>();
    for (ParameterSpec spec : Parameters.specs(graph)) {
      Shape s = spec.shape();
      float[] values = new float[s.size()];
      double low;
      double high;
      switch (spec.role()) {
        case CONV_WEIGHT -> {
          high = Math.sqrt(6.0 / ((long) s.dim(0) * s.dim(1) * s.dim(2)));
          low = -high;
        }
        case DENSE_WEIGHT -> {
          high = Math.sqrt(3.0 / s.dim(0));
          low = -high;
        }
        case BN_GAMMA, BN_RUNNING_VAR -> {
          low = 0.5;
          high = 1.5;
        }
        case BN_RUNNING_MEAN -> {
          low = -0.5;
          high = 0.5;
        }
        default -> {
          low = -0.1;
          high = 0.1;
        }
      }
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) random.nextDouble(low, high);
      }
      weights.put(spec.name(), values);
    }
    return weights;
  }

  /** A standard-normal NHWC input. */
  static HostTensor randomInput(Shape nhwc, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] data = new float[nhwc.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian();
    }
    return new HostTensor(nhwc, data);
  }

  /** Exports {@code graph} with seeded weights, runs both on a seeded input of {@code batch}, returns both outputs. */
  static Outputs run(Graph graph, Backend backend, int batch, long seed) throws OrtException {
    HostTensor x = randomInput(graph.inputShape().prependBatch(batch), seed + 1);
    try (Parameters parameters = Parameters.fromHost(graph, backend, randomWeights(graph, seed))) {
      byte[] onnx = OnnxExporter.toBytes(graph, parameters);
      return new Outputs(ours(graph, backend, parameters, x), ort(onnx, x));
    }
  }

  static HostTensor ours(Graph graph, Backend backend, Parameters parameters, HostTensor x) {
    try (Model model = Model.bind(graph, backend, parameters);
        Tensor input = backend.fromHost(x.data(), x.shape());
        Tensor output = model.forward(input, Mode.EVAL)) {
      return new HostTensor(output.shape(), output.copyToHost());
    }
  }

  /** Runs the model on ONNX Runtime (one thread) on {@code nhwc} transposed to NCHW; returns its output in our layout. */
  static HostTensor ort(byte[] onnx, HostTensor nhwc) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Shape s = nhwc.shape();
    long[] nchwShape = {s.dim(0), s.dim(3), s.dim(1), s.dim(2)};
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      try (OrtSession session = env.createSession(onnx, options);
          ai.onnxruntime.OnnxTensor input =
              ai.onnxruntime.OnnxTensor.createTensor(env, FloatBuffer.wrap(toNchw(nhwc)), nchwShape);
          OrtSession.Result result = session.run(Map.of("input", input))) {
        ai.onnxruntime.OnnxTensor output = (ai.onnxruntime.OnnxTensor) result.get("output").orElseThrow();
        long[] shape = output.getInfo().getShape();
        FloatBuffer buffer = output.getFloatBuffer();
        float[] data = new float[buffer.remaining()];
        buffer.get(data);
        int[] dims = Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
        if (dims.length == 4) {
          return new HostTensor(Shape.nhwc(dims[0], dims[2], dims[3], dims[1]), toNhwc(data, dims));
        }
        return new HostTensor(Shape.of(dims), data);
      }
    }
  }

  static float[] toNchw(HostTensor nhwc) {
    Shape s = nhwc.shape();
    int n = s.dim(0);
    int h = s.dim(1);
    int w = s.dim(2);
    int c = s.dim(3);
    float[] in = nhwc.data();
    float[] out = new float[in.length];
    for (int b = 0; b < n; b++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          for (int ch = 0; ch < c; ch++) {
            out[((b * c + ch) * h + y) * w + x] = in[((b * h + y) * w + x) * c + ch];
          }
        }
      }
    }
    return out;
  }

  private static float[] toNhwc(float[] nchw, int[] dims) {
    int n = dims[0];
    int c = dims[1];
    int h = dims[2];
    int w = dims[3];
    float[] out = new float[nchw.length];
    for (int b = 0; b < n; b++) {
      for (int ch = 0; ch < c; ch++) {
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            out[((b * h + y) * w + x) * c + ch] = nchw[((b * c + ch) * h + y) * w + x];
          }
        }
      }
    }
    return out;
  }
}
