package io.jresnet.nn;

import io.jresnet.graph.Node;
import io.jresnet.graph.Ops;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.List;

/**
 * {@link Ops#ZERO_PAD2D}: zeros around H and W, {@code [N, H, W, C] -> [N, top+H+bottom, left+W+right, C]}. No
 * parameters; MACs: 0.
 */
public final class ZeroPad2dLayer extends BaseLayer {
  private final int[] padding;

  public ZeroPad2dLayer(Node node) {
    super(node, Ops.ZERO_PAD2D);
    this.padding = ints("padding");
  }

  /** {@code [top, bottom, left, right]}. */
  public int[] padding() {
    return padding.clone();
  }

  @Override
  public Shape outputShape(List<Shape> inputs) {
    Shape x = singleNhwc(inputs);
    long h = (long) x.dim(1) + padding[0] + padding[1];
    long w = (long) x.dim(2) + padding[2] + padding[3];
    if (h > Integer.MAX_VALUE || w > Integer.MAX_VALUE) {
      throw error("zero_pad2d output " + h + "x" + w + " is too large");
    }
    return Shape.nhwc(x.dim(0), (int) h, (int) w, x.dim(3));
  }

  @Override
  public Tensor forward(ExecutionContext ctx, List<Tensor> inputs) {
    Tensor y = allocateOutput(ctx, inputs);
    ctx.backend().elementwise().zeroPad2d(inputs.getFirst(), padding[0], padding[1], padding[2], padding[3], y);
    return y;
  }

  @Override
  public BackwardNeeds backwardNeeds() {
    return BackwardNeeds.NOTHING;
  }

  /** Crops the padding off the gradient. */
  @Override
  public List<Tensor> backward(BackwardContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput) {
    if (!ctx.needsInputGradient(0)) {
      return oneGradient(null);
    }
    Tensor dx = ctx.allocate(ctx.inputShapes().getFirst());
    ctx.backend()
        .elementwise()
        .zeroPad2dBackward(gradOutput, padding[0], padding[1], padding[2], padding[3], dx);
    return oneGradient(dx);
  }
}
