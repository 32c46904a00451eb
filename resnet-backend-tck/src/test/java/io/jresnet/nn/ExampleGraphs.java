package io.jresnet.nn;

import io.jresnet.backend.Backend;
import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.Pool2dParams;
import io.jresnet.graph.Graph;
import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import io.jresnet.tensor.TensorScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Two small residual graphs that together use every op, each with a hand-written computation that calls the
 * backend's kernels directly in the order a reader would: the executor's answer must match it.
 */
final class ExampleGraphs {
  private ExampleGraphs() {}

  /**
   * [N, 9, 9, C] → zero pad [1, 0, 1, 0] → conv 3x3 (8, bias) → bn → relu → max pool 3x3/2 pad 1 → [grouped conv
   * 3x3 → bn → relu → dilated conv 3x3 → bn] + shortcut → add → relu → avg pool 2x2/1 pad [0, 1, 0, 1] excluding
   * padding → flatten → dense 6 → softmax.
   */
  static Graph everyOp(int channels) {
    List<Node> n =
        List.of(
            new Node("pad", Ops.ZERO_PAD2D, Map.of("padding", List.of(1, 0, 1, 0)), Graph.INPUT),
            new Node("conv1", Ops.CONV2D, Map.of("filters", 8, "kernel", 3, "padding", 1, "bias", true), "pad"),
            new Node("bn1", Ops.BATCH_NORM, Map.of(), "conv1"),
            new Node("relu", Ops.RELU, Map.of(), "bn1"),
            new Node("maxpool", Ops.MAX_POOL2D, Map.of("kernel", 3, "stride", 2, "padding", 1), "relu"),
            new Node(
                "layer1.0.conv1", Ops.CONV2D, Map.of("filters", 8, "kernel", 3, "padding", 1, "groups", 2), "maxpool"),
            new Node("layer1.0.bn1", Ops.BATCH_NORM, Map.of("epsilon", 1e-3), "layer1.0.conv1"),
            new Node("layer1.0.relu1", Ops.RELU, Map.of(), "layer1.0.bn1"),
            new Node(
                "layer1.0.conv2",
                Ops.CONV2D,
                Map.of("filters", 8, "kernel", 3, "padding", 2, "dilation", 2),
                "layer1.0.relu1"),
            new Node("layer1.0.bn2", Ops.BATCH_NORM, Map.of(), "layer1.0.conv2"),
            new Node("layer1.0.add", Ops.ADD, Map.of(), "layer1.0.bn2", "maxpool"),
            new Node("layer1.0.relu2", Ops.RELU, Map.of(), "layer1.0.add"),
            new Node(
                "avgpool",
                Ops.AVG_POOL2D,
                Map.of("kernel", 2, "stride", 1, "padding", List.of(0, 1, 0, 1), "count_padding", false),
                "layer1.0.relu2"),
            new Node("flatten", Ops.FLATTEN, Map.of(), "avgpool"),
            new Node("fc", Ops.DENSE, Map.of("units", 6), "flatten"),
            new Node("softmax", Ops.SOFTMAX, Map.of(), "fc"));
    return new Graph("every-op", Shape.of(9, 9, channels), n, "softmax");
  }

  /** The same computation as {@link #everyOp}, kernel by kernel; the caller closes the result. */
  static Tensor everyOpByHand(Backend b, Map<String, Tensor> p, Tensor x) {
    try (TensorScope s = new TensorScope()) {
      Shape in = x.shape();
      int n = in.dim(0);
      Tensor pad = s.own(b.allocate(Shape.nhwc(n, in.dim(1) + 1, in.dim(2) + 1, in.dim(3))));
      b.elementwise().zeroPad2d(x, 1, 0, 1, 0, pad);
      Tensor conv1 = s.own(b.allocate(Shape.nhwc(n, 10, 10, 8)));
      b.conv().conv2d(pad, p.get("conv1.weight"), p.get("conv1.bias"), Conv2dParams.square(3, 1, 1), null, false,
          conv1);
      Tensor bn1 = batchNorm(b, s, p, "bn1", conv1, 1e-5f);
      Tensor relu = s.own(b.allocate(bn1.shape()));
      b.elementwise().relu(bn1, relu);
      Tensor maxpool = s.own(b.allocate(Shape.nhwc(n, 5, 5, 8)));
      b.pool().maxPool2d(relu, Pool2dParams.square(3, 2, 1), maxpool);
      Tensor c1 = s.own(b.allocate(maxpool.shape()));
      b.conv().conv2d(maxpool, p.get("layer1.0.conv1.weight"), null, new Conv2dParams(3, 3, 1, 1, 1, 1, 1, 1, 1, 1,
          2), null, false, c1);
      Tensor r1 = s.own(b.allocate(c1.shape()));
      b.elementwise().relu(batchNorm(b, s, p, "layer1.0.bn1", c1, 1e-3f), r1);
      Tensor c2 = s.own(b.allocate(c1.shape()));
      b.conv().conv2d(r1, p.get("layer1.0.conv2.weight"), null, new Conv2dParams(3, 3, 1, 1, 2, 2, 2, 2, 2, 2, 1),
          null, false, c2);
      Tensor sum = s.own(b.allocate(c2.shape()));
      b.elementwise().add(batchNorm(b, s, p, "layer1.0.bn2", c2, 1e-5f), maxpool, false, sum);
      Tensor r2 = s.own(b.allocate(sum.shape()));
      b.elementwise().relu(sum, r2);
      Tensor avg = s.own(b.allocate(r2.shape()));
      b.pool().avgPool2d(r2, new Pool2dParams(2, 2, 1, 1, 0, 1, 0, 1, false), avg);
      Tensor flat = s.own(b.allocate(Shape.of(n, 200)));
      b.elementwise().copy(avg, flat);
      Tensor fc = s.own(b.allocate(Shape.of(n, 6)));
      b.dense().dense(flat, p.get("fc.weight"), p.get("fc.bias"), fc);
      Tensor out = b.allocate(fc.shape());
      b.elementwise().softmax(fc, out);
      return out;
    }
  }

  /**
   * [N, H, W, 4] → conv 1x1 (5) → bn (eps 1e-3) → relu → conv 3x3 pad 1 (5); the bn output also feeds the add, so
   * that bn → relu must not be fused → add → relu → global average pool → dense 3 without bias (the output).
   */
  static Graph sharedBatchNorm() {
    List<Node> n =
        List.of(
            new Node("conv1", Ops.CONV2D, Map.of("filters", 5, "kernel", 1), Graph.INPUT),
            new Node("bn1", Ops.BATCH_NORM, Map.of("epsilon", 1e-3), "conv1"),
            new Node("relu1", Ops.RELU, Map.of(), "bn1"),
            new Node("conv2", Ops.CONV2D, Map.of("filters", 5, "kernel", 3, "padding", 1), "relu1"),
            new Node("add", Ops.ADD, Map.of(), "conv2", "bn1"),
            new Node("relu2", Ops.RELU, Map.of(), "add"),
            new Node("avgpool", Ops.GLOBAL_AVG_POOL, Map.of(), "relu2"),
            new Node("fc", Ops.DENSE, Map.of("units", 3, "bias", false), "avgpool"));
    return new Graph("shared-bn", Shape.of(7, 6, 4), n, "fc");
  }

  /** The same computation as {@link #sharedBatchNorm}, for any input size; the caller closes the result. */
  static Tensor sharedBatchNormByHand(Backend b, Map<String, Tensor> p, Tensor x) {
    try (TensorScope s = new TensorScope()) {
      Shape in = x.shape();
      Shape five = Shape.nhwc(in.dim(0), in.dim(1), in.dim(2), 5);
      Tensor conv1 = s.own(b.allocate(five));
      b.conv().conv2d(x, p.get("conv1.weight"), null, Conv2dParams.square(1, 1, 0), null, false, conv1);
      Tensor bn1 = batchNorm(b, s, p, "bn1", conv1, 1e-3f);
      Tensor relu1 = s.own(b.allocate(five));
      b.elementwise().relu(bn1, relu1);
      Tensor conv2 = s.own(b.allocate(five));
      b.conv().conv2d(relu1, p.get("conv2.weight"), null, Conv2dParams.square(3, 1, 1), null, false, conv2);
      Tensor sum = s.own(b.allocate(five));
      b.elementwise().add(conv2, bn1, false, sum);
      Tensor relu2 = s.own(b.allocate(five));
      b.elementwise().relu(sum, relu2);
      Tensor pooled = s.own(b.allocate(Shape.of(in.dim(0), 5)));
      b.pool().globalAvgPool(relu2, pooled);
      Tensor out = b.allocate(Shape.of(in.dim(0), 3));
      b.dense().dense(pooled, p.get("fc.weight"), null, out);
      return out;
    }
  }

  private static Tensor batchNorm(Backend b, TensorScope s, Map<String, Tensor> p, String node, Tensor x, float eps) {
    Tensor y = s.own(b.allocate(x.shape()));
    b.norm()
        .batchNormInference(
            x,
            p.get(node + ".weight"),
            p.get(node + ".bias"),
            p.get(node + ".running_mean"),
            p.get(node + ".running_var"),
            eps,
            false,
            y);
    return y;
  }

  /**
   * Random values for every parameter, with batch-norm statistics far from the identity (means around ±0.5,
   * variances in [0.25, 2)) so that a mixed-up vector shows in the output.
   */
  static Map<String, float[]> randomValues(List<ParameterSpec> specs, long seed) {
    Random random = new Random(seed);
    Map<String, float[]> values = new LinkedHashMap<>();
    for (ParameterSpec spec : specs) {
      float[] v = new float[spec.shape().size()];
      for (int i = 0; i < v.length; i++) {
        v[i] =
            switch (spec.role()) {
              case BN_RUNNING_VAR -> 0.25f + 1.75f * random.nextFloat();
              case BN_GAMMA -> 0.5f + random.nextFloat();
              default -> random.nextFloat() - 0.5f;
            };
      }
      values.put(spec.name(), v);
    }
    return values;
  }

  /** {@code n} floats uniform in [-1, 1) from {@code seed}. */
  static float[] input(long seed, Shape shape) {
    Random random = new Random(seed);
    float[] v = new float[shape.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = 2 * random.nextFloat() - 1;
    }
    return v;
  }
}
