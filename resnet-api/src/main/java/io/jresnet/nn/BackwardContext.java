package io.jresnet.nn;

import io.jresnet.backend.Backend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.List;

/**
 * What a layer may use while its backward runs: the backend, its parameters, the shapes of its forward inputs, the
 * values it saved in the forward pass, the gradient tensors of its parameters and an allocator for input gradients.
 * Everything here is owned by the executor, which frees saved values right after this node's backward.
 */
public interface BackwardContext {
  Backend backend();

  /** The parameter tensor with this full name (e.g. {@code layer1.0.conv1.weight}), in canonical layout. */
  Tensor parameter(String fullName);

  /** The shapes of the node's forward inputs, in input order (known even when the values were not kept). */
  List<Shape> inputShapes();

  /**
   * Whether input {@code index} needs a gradient: false for the graph input, where the layer returns null and
   * skips the work.
   */
  boolean needsInputGradient(int index);

  /** The tensors the forward pass kept through {@link ExecutionContext#allocateSaved}, in allocation order. */
  List<Tensor> saved();

  /**
   * The gradient of trainable parameter {@code fullName} (same shape), which the layer FULLY overwrites: parameter
   * gradients are replaced by each backward pass, never accumulated across passes.
   */
  Tensor parameterGradient(String fullName);

  /**
   * A tensor for an input gradient, owned by the executor once returned from backward. Its contents are unspecified
   * (the executor recycles tensors from step to step): write every element.
   */
  Tensor allocate(Shape shape);
}
