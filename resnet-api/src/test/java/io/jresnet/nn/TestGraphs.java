package io.jresnet.nn;

import io.jresnet.graph.Graph;

/** Small and full-size residual graphs built by hand, independent of the zoo builder. */
public final class TestGraphs {
  private TestGraphs() {}

  /**
   * input 8x8x3 → conv 3x3/1 (4) → bn → relu → [block: conv 3x3/2 (6) → bn → relu → conv 3x3 (6) → bn; shortcut
   * conv 1x1/2 (6) + bn] → add → relu → global pool → dense 5 → softmax.
   */
  public static Graph smallResidual() {
    GraphBuilder g = new GraphBuilder();
    String x = g.conv("conv1", Graph.INPUT, 4, 3, 1, 1, false);
    x = g.relu("relu", g.batchNorm("bn1", x, 1e-5));
    String y = g.conv("layer1.0.conv1", x, 6, 3, 2, 1, false);
    y = g.relu("layer1.0.relu1", g.batchNorm("layer1.0.bn1", y, 1e-5));
    y = g.batchNorm("layer1.0.bn2", g.conv("layer1.0.conv2", y, 6, 3, 1, 1, false), 1e-5);
    String shortcut = g.conv("layer1.0.downsample.0", x, 6, 1, 2, 0, false);
    shortcut = g.batchNorm("layer1.0.downsample.1", shortcut, 1e-5);
    y = g.relu("layer1.0.relu2", g.add("layer1.0.add", y, shortcut));
    String logits = g.dense("fc", g.globalAvgPool("avgpool", y), 5);
    return g.build("small", 8, 8, 3, g.softmax("softmax", logits));
  }

  /**
   * A bottleneck ResNet-50. {@code keras}: the Keras notebook model (64x64x3 input, zero-pad 3 + 7x7/2 valid stem,
   * 3x3/2 max pool without padding, stride on the first 1x1, conv biases, BN epsilon 1e-3, 2x2 average pool, flatten,
   * dense 6 + softmax); otherwise torchvision's (224x224x3, stride on the 3x3, no conv biases, 1000 logits).
   */
  public static Graph resnet50(boolean keras) {
    GraphBuilder g = new GraphBuilder();
    double eps = keras ? 1e-3 : 1e-5;
    String x =
        keras
            ? g.conv("conv1", g.zeroPad("pad", Graph.INPUT, 3), 64, 7, 2, 0, true)
            : g.conv("conv1", Graph.INPUT, 64, 7, 2, 3, false);
    x = g.relu("relu", g.batchNorm("bn1", x, eps));
    x = keras ? g.maxPool("maxpool", x, 3, 2, 0) : g.maxPool("maxpool", x, 3, 2, 1);
    int[] blocks = {3, 4, 6, 3};
    for (int stage = 0; stage < 4; stage++) {
      int width = 64 << stage;
      for (int b = 0; b < blocks[stage]; b++) {
        String p = "layer" + (stage + 1) + "." + b + ".";
        int stride = b == 0 && stage > 0 ? 2 : 1;
        String y = g.conv(p + "conv1", x, width, 1, keras ? stride : 1, 0, keras);
        y = g.relu(p + "relu1", g.batchNorm(p + "bn1", y, eps));
        y = g.conv(p + "conv2", y, width, 3, keras ? 1 : stride, 1, keras);
        y = g.relu(p + "relu2", g.batchNorm(p + "bn2", y, eps));
        y = g.batchNorm(p + "bn3", g.conv(p + "conv3", y, 4 * width, 1, 1, 0, keras), eps);
        String shortcut = x;
        if (b == 0) {
          shortcut = g.conv(p + "downsample.0", x, 4 * width, 1, stride, 0, keras);
          shortcut = g.batchNorm(p + "downsample.1", shortcut, eps);
        }
        x = g.relu(p + "relu3", g.add(p + "add", y, shortcut));
      }
    }
    if (keras) {
      String flat = g.flatten("flatten", g.avgPool("avgpool", x, 2, 2, 0, false));
      return g.build("resnet50-keras", 64, 64, 3, g.softmax("softmax", g.dense("fc", flat, 6)));
    }
    String logits = g.dense("fc", g.globalAvgPool("avgpool", x), 1000);
    return g.build("resnet50", 224, 224, 3, logits);
  }
}
