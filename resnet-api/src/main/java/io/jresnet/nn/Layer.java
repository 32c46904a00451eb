package io.jresnet.nn;

import io.jresnet.graph.Node;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.List;

/**
 * The behaviour of one graph node, in the Keras manner: a shape rule that works before any memory exists, the
 * parameters it needs, and a compute that only calls backend kernels.
 *
 * <p>Training: forward in {@link Mode#TRAIN} uses batch statistics and may keep extra values for backward through
 * {@link ExecutionContext#allocateSaved}; the executor keeps the forward inputs or output alive as
 * {@link #backwardNeeds()} declares. {@link #backward} then returns one gradient per input and writes the parameter
 * gradients through its context.
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

  /** Which forward values {@link #backward} reads; the executor keeps those, and only those, until then. */
  BackwardNeeds backwardNeeds();

  /**
   * Gradients of the loss with respect to this node's inputs, given the gradient of its output, after a forward in
   * {@link Mode#TRAIN}; writes every trainable parameter's gradient through {@link
   * BackwardContext#parameterGradient} (fully overwritten).
   *
   * @param inputs the forward inputs when {@link #backwardNeeds()} reads them, else an empty list (shapes are in
   *     {@link BackwardContext#inputShapes()})
   * @param output the forward output when {@link #backwardNeeds()} reads it, else null
   * @param gradOutput the gradient of the output, owned by the executor; a layer may overwrite it and return it as
   *     one input gradient (the kernels allow that aliasing), but must return each tensor at most once
   * @return one gradient per input, in input order: a tensor from {@link BackwardContext#allocate} or {@code
   *     gradOutput}, or null where {@link BackwardContext#needsInputGradient} is false
   * @throws UnsupportedOperationException for an op without backward (softmax: train on the logits instead)
   */
  List<Tensor> backward(BackwardContext ctx, List<Tensor> inputs, Tensor output, Tensor gradOutput);
}
