package io.jresnet.nn;

import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.Pool2dParams;
import io.jresnet.graph.Graph;
import io.jresnet.tensor.Shape;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A double-precision interpreter of a graph with the ops' documented semantics, written loop by loop and
 * independently of the backends and of any backward rule: the oracle that finite differences differentiate.
 * Batch-norm uses batch statistics (biased variance) in training mode and the running ones in evaluation.
 */
final class Float64Graph {
  /** A value: row-major data over {@code shape}. */
  record Value(double[] data, Shape shape) {}

  private final Graph graph;
  private final List<Layer> layers;

  Float64Graph(Graph graph) {
    this.graph = graph;
    this.layers = Layers.createAll(graph);
  }

  /** The graph output for input {@code x} and parameters by full name. */
  Value output(Map<String, double[]> params, Value x, Mode mode) {
    return evaluate(params, x, mode).get(graph.output());
  }

  /** Every value by node name (and {@link Graph#INPUT}). */
  Map<String, Value> evaluate(Map<String, double[]> params, Value x, Mode mode) {
    Map<String, Value> values = new HashMap<>();
    values.put(Graph.INPUT, x);
    for (Layer layer : layers) {
      List<Value> in = layer.node().inputs().stream().map(values::get).toList();
      values.put(layer.node().name(), apply(layer, in, params, mode));
    }
    return values;
  }

  private static Value apply(Layer layer, List<Value> in, Map<String, double[]> p, Mode mode) {
    Value x = in.getFirst();
    String name = layer.node().name();
    return switch (layer) {
      case Conv2dLayer c -> conv(x, p.get(name + ".weight"), c.hasBias() ? p.get(name + ".bias") : null,
          c.filters(), c.params());
      case BatchNormLayer b -> batchNorm(x, p, name, b.epsilon(), mode);
      case ReluLayer r -> map(x, v -> Math.max(v, 0));
      case AddLayer a -> add(x, in.get(1));
      case MaxPool2dLayer m -> pool(x, m.params(), true);
      case AvgPool2dLayer a -> pool(x, a.params(), false);
      case GlobalAvgPoolLayer g -> globalAvg(x);
      case ZeroPad2dLayer z -> pad(x, z.padding());
      case FlattenLayer f -> new Value(x.data(), Shape.of(x.shape().dim(0), x.data().length / x.shape().dim(0)));
      case DenseLayer d -> dense(x, p.get(name + ".weight"), d.hasBias() ? p.get(name + ".bias") : null, d.units());
      case SoftmaxLayer s -> softmax(x);
      default -> throw new IllegalArgumentException("no float64 rule for " + layer.node().op());
    };
  }

  private interface DoubleOp {
    double apply(double v);
  }

  private static Value map(Value x, DoubleOp op) {
    double[] y = new double[x.data().length];
    for (int i = 0; i < y.length; i++) {
      y[i] = op.apply(x.data()[i]);
    }
    return new Value(y, x.shape());
  }

  private static Value add(Value a, Value b) {
    double[] y = new double[a.data().length];
    for (int i = 0; i < y.length; i++) {
      y[i] = a.data()[i] + b.data()[i];
    }
    return new Value(y, a.shape());
  }

  private static Value conv(Value x, double[] w, double[] bias, int cout, Conv2dParams p) {
    Shape s = x.shape();
    int n = s.dim(0);
    int h = s.dim(1);
    int wd = s.dim(2);
    int cin = s.dim(3);
    int cinG = cin / p.groups();
    int coutG = cout / p.groups();
    int oh = p.outputH(h);
    int ow = p.outputW(wd);
    double[] y = new double[n * oh * ow * cout];
    for (int b = 0; b < n; b++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          for (int co = 0; co < cout; co++) {
            int g = co / coutG;
            double acc = bias == null ? 0 : bias[co];
            for (int ki = 0; ki < p.kernelH(); ki++) {
              int hi = i * p.strideH() - p.padTop() + ki * p.dilationH();
              for (int kj = 0; kj < p.kernelW(); kj++) {
                int wi = j * p.strideW() - p.padLeft() + kj * p.dilationW();
                if (hi < 0 || hi >= h || wi < 0 || wi >= wd) {
                  continue;
                }
                for (int ci = 0; ci < cinG; ci++) {
                  acc += x.data()[((b * h + hi) * wd + wi) * cin + g * cinG + ci]
                      * w[((ki * p.kernelW() + kj) * cinG + ci) * cout + co];
                }
              }
            }
            y[((b * oh + i) * ow + j) * cout + co] = acc;
          }
        }
      }
    }
    return new Value(y, Shape.nhwc(n, oh, ow, cout));
  }

  private static Value batchNorm(Value x, Map<String, double[]> p, String name, double eps, Mode mode) {
    int c = x.shape().dim(-1);
    int rows = x.data().length / c;
    double[] mean;
    double[] var;
    if (mode == Mode.TRAIN) {
      mean = new double[c];
      var = new double[c];
      for (int r = 0; r < rows; r++) {
        for (int k = 0; k < c; k++) {
          mean[k] += x.data()[r * c + k] / rows;
        }
      }
      for (int r = 0; r < rows; r++) {
        for (int k = 0; k < c; k++) {
          double d = x.data()[r * c + k] - mean[k];
          var[k] += d * d / rows;
        }
      }
    } else {
      mean = p.get(name + ".running_mean");
      var = p.get(name + ".running_var");
    }
    double[] gamma = p.get(name + ".weight");
    double[] beta = p.get(name + ".bias");
    double[] y = new double[x.data().length];
    for (int r = 0; r < rows; r++) {
      for (int k = 0; k < c; k++) {
        y[r * c + k] = (x.data()[r * c + k] - mean[k]) / Math.sqrt(var[k] + eps) * gamma[k] + beta[k];
      }
    }
    return new Value(y, x.shape());
  }

  private static Value pool(Value x, Pool2dParams p, boolean max) {
    Shape s = x.shape();
    int n = s.dim(0);
    int h = s.dim(1);
    int w = s.dim(2);
    int c = s.dim(3);
    int oh = p.outputH(h);
    int ow = p.outputW(w);
    double[] y = new double[n * oh * ow * c];
    for (int b = 0; b < n; b++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          for (int k = 0; k < c; k++) {
            double acc = max ? Double.NEGATIVE_INFINITY : 0;
            int cells = 0;
            for (int ki = 0; ki < p.kernelH(); ki++) {
              for (int kj = 0; kj < p.kernelW(); kj++) {
                int hi = i * p.strideH() - p.padTop() + ki;
                int wi = j * p.strideW() - p.padLeft() + kj;
                boolean inside = hi >= 0 && hi < h && wi >= 0 && wi < w;
                // Count cells of the padded input only: a window may also hang past the padding.
                boolean inPadded = hi >= -p.padTop() && hi < h + p.padBottom() && wi >= -p.padLeft()
                    && wi < w + p.padRight();
                if (inside) {
                  double v = x.data()[((b * h + hi) * w + wi) * c + k];
                  acc = max ? Math.max(acc, v) : acc + v;
                  cells++;
                } else if (inPadded && p.countPadding()) {
                  cells++;
                }
              }
            }
            y[((b * oh + i) * ow + j) * c + k] = max ? acc : acc / cells;
          }
        }
      }
    }
    return new Value(y, Shape.nhwc(n, oh, ow, c));
  }

  private static Value globalAvg(Value x) {
    Shape s = x.shape();
    int n = s.dim(0);
    int hw = s.dim(1) * s.dim(2);
    int c = s.dim(3);
    double[] y = new double[n * c];
    for (int b = 0; b < n; b++) {
      for (int i = 0; i < hw; i++) {
        for (int k = 0; k < c; k++) {
          y[b * c + k] += x.data()[(b * hw + i) * c + k] / hw;
        }
      }
    }
    return new Value(y, Shape.of(n, c));
  }

  private static Value pad(Value x, int[] pad) {
    Shape s = x.shape();
    int n = s.dim(0);
    int h = s.dim(1);
    int w = s.dim(2);
    int c = s.dim(3);
    int oh = h + pad[0] + pad[1];
    int ow = w + pad[2] + pad[3];
    double[] y = new double[n * oh * ow * c];
    for (int b = 0; b < n; b++) {
      for (int i = 0; i < h; i++) {
        for (int j = 0; j < w; j++) {
          System.arraycopy(
              x.data(), ((b * h + i) * w + j) * c, y, ((b * oh + i + pad[0]) * ow + j + pad[2]) * c, c);
        }
      }
    }
    return new Value(y, Shape.nhwc(n, oh, ow, c));
  }

  private static Value dense(Value x, double[] w, double[] bias, int units) {
    int n = x.shape().dim(0);
    int in = x.shape().dim(1);
    double[] y = new double[n * units];
    for (int b = 0; b < n; b++) {
      for (int o = 0; o < units; o++) {
        double acc = bias == null ? 0 : bias[o];
        for (int i = 0; i < in; i++) {
          acc += x.data()[b * in + i] * w[i * units + o];
        }
        y[b * units + o] = acc;
      }
    }
    return new Value(y, Shape.of(n, units));
  }

  private static Value softmax(Value x) {
    int k = x.shape().dim(-1);
    double[] y = new double[x.data().length];
    for (int r = 0; r < y.length / k; r++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < k; i++) {
        max = Math.max(max, x.data()[r * k + i]);
      }
      double sum = 0;
      for (int i = 0; i < k; i++) {
        y[r * k + i] = Math.exp(x.data()[r * k + i] - max);
        sum += y[r * k + i];
      }
      for (int i = 0; i < k; i++) {
        y[r * k + i] /= sum;
      }
    }
    return new Value(y, x.shape());
  }
}
