package io.jresnet.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.backend.Backend;
import io.jresnet.graph.Graph;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Whole-graph gradient checks: the model's float32 {@link Model#backward} against central differences of the
 * float64 {@link Float64Graph}, for the loss {@code L = sum(output * r)} with a fixed random {@code r} (so the
 * output gradient is {@code r}). A sample of entries of each trainable parameter is differentiated; each
 * parameter's gradient must be within 1e-3 relative (‖analytic − numeric‖ / ‖numeric‖). Parameters whose true
 * gradient vanishes (a conv bias right before batch-norm) are held to a floor of 1e-4 of the largest gradient norm,
 * float32 rounding being all they show.
 */
final class GradientCheck {
  static final double TOLERANCE = 1e-3;
  private static final double STEP = 1e-6;
  private static final int ENTRIES_PER_PARAMETER = 12;

  private GradientCheck() {}

  /**
   * Runs one training forward and backward of {@code graph} at {@code inputShape} and checks every trainable
   * parameter's gradient; also checks the float32 training output against float64 within 1e-4 relative.
   */
  static void check(Backend backend, Graph graph, Shape inputShape, long seed) {
    Map<String, float[]> values = ExampleGraphs.randomValues(Parameters.specs(graph), seed);
    float[] x = ExampleGraphs.input(seed + 1, inputShape);
    Float64Graph reference = new Float64Graph(graph);
    Map<String, double[]> params = new HashMap<>();
    values.forEach((name, v) -> params.put(name, widen(v)));
    Float64Graph.Value x64 = new Float64Graph.Value(widen(x), inputShape);
    Float64Graph.Value out64 = reference.output(params, x64, Mode.TRAIN);
    float[] r = ExampleGraphs.input(seed + 2, out64.shape());
    double[] r64 = widen(r);
    Map<String, float[]> gradients = new HashMap<>();
    try (Parameters p = Parameters.fromHost(graph, backend, values);
        Model model = Model.bind(graph, backend, p);
        Tensor xt = backend.fromHost(x, inputShape);
        Tensor rt = backend.fromHost(r, out64.shape())) {
      try (Tensor y = model.forward(xt, Mode.TRAIN)) {
        double error = relativeError(y.copyToHost(), out64.data());
        assertTrue(error < 1e-4, "training forward vs float64: relative error " + error);
      }
      model.backward(rt);
      p.gradients().forEach((name, g) -> gradients.put(name, g.copyToHost()));
    }
    Random random = new Random(seed + 3);
    Map<String, double[][]> compared = new HashMap<>();
    double largest = 0;
    for (ParameterSpec spec : Parameters.specs(graph)) {
      if (!spec.trainable()) {
        continue;
      }
      double[] theta = params.get(spec.name());
      List<Integer> entries = sample(theta.length, random);
      double[] analytic = new double[entries.size()];
      double[] numeric = new double[entries.size()];
      for (int k = 0; k < entries.size(); k++) {
        int i = entries.get(k);
        double saved = theta[i];
        theta[i] = saved + STEP;
        double plus = dot(reference.output(params, x64, Mode.TRAIN).data(), r64);
        theta[i] = saved - STEP;
        double minus = dot(reference.output(params, x64, Mode.TRAIN).data(), r64);
        theta[i] = saved;
        numeric[k] = (plus - minus) / (2 * STEP);
        analytic[k] = gradients.get(spec.name())[i];
      }
      compared.put(spec.name(), new double[][] {analytic, numeric});
      largest = Math.max(largest, norm(numeric));
    }
    for (var entry : compared.entrySet()) {
      double[] analytic = entry.getValue()[0];
      double[] numeric = entry.getValue()[1];
      double scale = Math.max(norm(numeric), 1e-4 * largest);
      double error = distance(analytic, numeric) / scale;
      assertTrue(
          error <= TOLERANCE,
          graph.name() + ": gradient of " + entry.getKey() + " off by " + error + " relative (norm of the numeric"
              + " gradient " + norm(numeric) + ")");
    }
  }

  private static List<Integer> sample(int size, Random random) {
    Set<Integer> picked = new LinkedHashSet<>(List.of(0, size - 1));
    while (picked.size() < Math.min(size, ENTRIES_PER_PARAMETER)) {
      picked.add(random.nextInt(size));
    }
    return new ArrayList<>(picked);
  }

  static double[] widen(float[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  static float[] toFloat(double[] v) {
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (float) v[i];
    }
    return out;
  }

  static double relativeError(float[] actual, double[] expected) {
    return distance(widen(actual), expected) / norm(expected);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  private static double distance(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - b[i]) * (a[i] - b[i]);
    }
    return Math.sqrt(s);
  }
}
