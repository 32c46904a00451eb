package io.jresnet.nn;

import io.jresnet.backend.Pool2dParams;
import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.tensor.Shape;
import java.util.Arrays;
import java.util.List;

/** The shape rule shared by max and average pooling: {@code [N, H, W, C] -> [N, OH, OW, C]}. */
abstract class Pool2dLayer extends BaseLayer {
  private final Pool2dParams params;

  Pool2dLayer(Node node, String op) {
    super(node, op);
    int[] kernel = ints("kernel");
    int[] stride = ints("stride");
    if (stride == null) {
      stride = kernel;
    }
    int[] padding = ints("padding");
    // Only average pooling has the attribute; for max pooling padded cells never win, so the flag is moot.
    boolean countPadding = Ops.spec(op).attribute("count_padding") == null || flag("count_padding");
    this.params =
        new Pool2dParams(
            kernel[0], kernel[1], stride[0], stride[1], padding[0], padding[1], padding[2], padding[3],
            countPadding);
  }

  /** Window, stride and padding, as the backend takes them. */
  public final Pool2dParams params() {
    return params;
  }

  @Override
  public final Shape outputShape(List<Shape> inputs) {
    Shape x = singleNhwc(inputs);
    if (Math.max(params.padTop(), params.padBottom()) >= params.kernelH()
        || Math.max(params.padLeft(), params.padRight()) >= params.kernelW()) {
      int[] padding = {params.padTop(), params.padBottom(), params.padLeft(), params.padRight()};
      throw error(node().op() + " padding " + Arrays.toString(padding) + " must be smaller than its "
          + params.kernelH() + "x" + params.kernelW() + " window on each side, or a window would cover only padding");
    }
    int outH = params.outputH(x.dim(1));
    int outW = params.outputW(x.dim(2));
    requireWindowFits(x, outH, outW, () -> params.kernelH() + "x" + params.kernelW() + " window", params.padTop(),
        params.padBottom(), params.padLeft(), params.padRight());
    return Shape.nhwc(x.dim(0), outH, outW, x.dim(3));
  }
}
