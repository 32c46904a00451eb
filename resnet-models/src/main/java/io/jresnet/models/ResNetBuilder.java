package io.jresnet.models;

import io.jresnet.graph.Graph;
import io.jresnet.graph.Ops;

/**
 * Expands a {@link ModelSpec} into the graph IR. Parameterised nodes carry torchvision's {@code state_dict} names
 * ({@code conv1}, {@code bn1}, {@code layer2.0.conv1}, {@code layer2.0.downsample.0}, {@code fc}); the others are
 * named after what they do: {@code conv1_pad}, {@code relu}, {@code maxpool}, {@code layer1.0.relu1},
 * {@code layer1.0.relu2}, {@code layer1.0.add}, {@code layer1.0.relu}, {@code avgpool}, {@code flatten},
 * {@code softmax}.
 *
 * <p>A block gets a projection shortcut ({@code downsample}: 1x1 convolution with the block's stride, then batch
 * norm) whenever its output shape differs from its input shape, as torchvision and Keras do (He et al.'s "option
 * B"); otherwise the shortcut is the identity.
 */
public final class ResNetBuilder {
  private ResNetBuilder() {}

  /**
   * The graph of {@code spec} for its input size, named after it, whose output is the head's last node ({@code fc}
   * or {@code softmax}): {@code [N, classes]}.
   *
   * @throws io.jresnet.ShapeException naming the first node whose window no longer fits when the input is too
   *     small for the model's strides
   */
  public static Graph build(ModelSpec spec) {
    InputSpec in = spec.input();
    GraphAssembly g = new GraphAssembly(in.height(), in.width(), in.channels());
    String x = stem(g, spec);
    for (int s = 0; s < spec.stages().size(); s++) {
      StageSpec stage = spec.stages().get(s);
      for (int b = 0; b < stage.blocks(); b++) {
        String prefix = "layer" + (s + 1) + "." + b + ".";
        int stride = b == 0 ? stage.stride() : 1;
        x =
            spec.block() == BlockType.BASIC
                ? basicBlock(g, spec, prefix, x, stage.filters(), stride)
                : bottleneckBlock(g, spec, prefix, x, stage.filters(), stride);
      }
    }
    return g.graph(spec.name(), head(g, spec.head(), x));
  }

  private static String stem(GraphAssembly g, ModelSpec spec) {
    StemSpec stem = spec.stem();
    String x = Graph.INPUT;
    if (stem.zeroPad() > 0) {
      x = g.zeroPad("conv1_pad", x, stem.zeroPad());
    }
    StemConvSpec conv = stem.conv();
    x = g.conv("conv1", x, conv.filters(), conv.kernel(), conv.stride(), conv.padding(), conv.bias());
    x = g.relu("relu", g.batchNorm("bn1", x, spec.batchNorm()));
    if (stem.pool().isPresent()) {
      StemPoolSpec pool = stem.pool().get();
      int p = pool.padding();
      x =
          pool.type() == PoolType.MAX
              ? g.pool("maxpool", Ops.MAX_POOL2D, x, pool.size(), pool.stride(), new int[] {p, p, p, p}, true)
              : g.pool("stem_avgpool", Ops.AVG_POOL2D, x, pool.size(), pool.stride(), new int[] {p, p, p, p}, true);
    }
    return x;
  }

  private static String basicBlock(
      GraphAssembly g, ModelSpec spec, String prefix, String input, int filters, int stride) {
    boolean bias = spec.convBias();
    String x = g.conv(prefix + "conv1", input, filters, 3, stride, 1, bias);
    x = g.relu(prefix + "relu1", g.batchNorm(prefix + "bn1", x, spec.batchNorm()));
    x = g.conv(prefix + "conv2", x, filters, 3, 1, 1, bias);
    x = g.batchNorm(prefix + "bn2", x, spec.batchNorm());
    return g.relu(prefix + "relu", g.add(prefix + "add", x, shortcut(g, spec, prefix, input, filters, stride)));
  }

  private static String bottleneckBlock(
      GraphAssembly g, ModelSpec spec, String prefix, String input, int filters, int stride) {
    boolean bias = spec.convBias();
    // torchvision (v1.5) strides on the 3x3, the paper and Keras on the first 1x1; the shortcut strides either way.
    int strideOn1x1 = spec.strideOn() == StrideOn.CONV_1X1 ? stride : 1;
    int strideOn3x3 = spec.strideOn() == StrideOn.CONV_3X3 ? stride : 1;
    String x = g.conv(prefix + "conv1", input, filters, 1, strideOn1x1, 0, bias);
    x = g.relu(prefix + "relu1", g.batchNorm(prefix + "bn1", x, spec.batchNorm()));
    x = g.conv(prefix + "conv2", x, filters, 3, strideOn3x3, 1, bias);
    x = g.relu(prefix + "relu2", g.batchNorm(prefix + "bn2", x, spec.batchNorm()));
    x = g.conv(prefix + "conv3", x, filters * spec.expansion(), 1, 1, 0, bias);
    x = g.batchNorm(prefix + "bn3", x, spec.batchNorm());
    return g.relu(prefix + "relu", g.add(prefix + "add", x, shortcut(g, spec, prefix, input, filters, stride)));
  }

  /** The identity when the block keeps its input's shape, else a strided 1x1 projection with batch norm. */
  private static String shortcut(
      GraphAssembly g, ModelSpec spec, String prefix, String input, int filters, int stride) {
    int outChannels = filters * spec.expansion();
    if (stride == 1 && g.channels(input) == outChannels) {
      return input;
    }
    String x = g.conv(prefix + "downsample.0", input, outChannels, 1, stride, 0, spec.convBias());
    return g.batchNorm(prefix + "downsample.1", x, spec.batchNorm());
  }

  private static String head(GraphAssembly g, HeadSpec head, String input) {
    String x;
    if (head.pool() == HeadPool.GLOBAL_AVG) {
      x = g.globalAveragePool("avgpool", input);
    } else {
      int size = head.poolSize();
      int[] pad =
          head.padding() == PaddingMode.SAME
              ? new int[] {
                samePadBefore(g.height(input), size), samePadAfter(g.height(input), size),
                samePadBefore(g.width(input), size), samePadAfter(g.width(input), size)
              }
              : new int[4];
      // Keras leaves padded cells out of a 'same' average; with no padding the flag changes nothing.
      x = g.pool("avgpool", Ops.AVG_POOL2D, input, size, size, pad, false);
    }
    if (head.flatten()) {
      x = g.flatten("flatten", x);
    }
    x = g.dense("fc", x, head.classes());
    return head.activation() == Activation.SOFTMAX ? g.softmax("softmax", x) : x;
  }

  /** Keras 'same' with stride = window: {@code ceil(in / size)} outputs; the padding's smaller half goes first. */
  private static int samePadTotal(int length, int size) {
    int out = (length + size - 1) / size;
    return Math.max((out - 1) * size + size - length, 0);
  }

  private static int samePadBefore(int length, int size) {
    return samePadTotal(length, size) / 2;
  }

  private static int samePadAfter(int length, int size) {
    return samePadTotal(length, size) - samePadBefore(length, size);
  }
}
