package io.jresnet.nn;

import io.jresnet.graph.Node;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.List;

/**
 * The behaviour of one graph node, in the Keras manner: a shape rule that works before any memory exists, the
 * parameters it needs, and a compute that only calls backend kernels.
 *
 * <p>Training (a later step) adds {@code backward(ctx, inputs, output, gradOutput)} returning one gradient per
 * input and accumulating parameter gradients; forward in {@link Mode#TRAIN} may keep what that needs (batch
 * statistics, masks) in the context. Nothing here assumes inference only.
 */
public interface Layer {
  Node node();

  /** The output shape (with batch) for these input shapes; a {@link io.jresnet.ShapeException} names this node. */
  Shape outputShape(List<Shape> inputs);

  /** Parameters for these input shapes, named {@code node().name() + "." + suffix}. */
  List<ParameterSpec> parameters(List<Shape> inputs);

  /** Multiply-accumulate operations of one forward pass over these input shapes (0 for data movement). */
  long macs(List<Shape> inputs);

  /** Computes the output, allocated through {@code ctx}. */
  Tensor forward(ExecutionContext ctx, List<Tensor> inputs);
}
