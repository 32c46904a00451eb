package io.jresnet.backend;

import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Optional;

/**
 * A compute backend: it owns tensor memory and runs the kernel set. Kernels read their inputs and write a
 * caller-allocated output tensor, so the graph executor decides when memory is reused and freed, and backward
 * kernels (training) slot into the same groups with the same conventions: {@code dX} tensors are outputs too.
 *
 * <p>The kernel set is split by family so that each interface stays small: {@link #conv()}, {@link #norm()},
 * {@link #pool()}, {@link #elementwise()}, {@link #dense()}, {@link #loss()}, {@link #optimizer()}. All activations are NHWC float32.
 */
public interface Backend extends AutoCloseable {
  String name();

  BackendInfo info();

  /** A zero-filled tensor. */
  Tensor allocate(Shape shape);

  /** A tensor holding a copy of {@code data} (row-major, exactly {@code shape.size()} floats). */
  Tensor fromHost(float[] data, Shape shape);

  /**
   * A tensor holding {@code data} (row-major, exactly {@code shape.size()} floats) that the caller hands over: it must
   * neither read nor write the array afterwards. A backend that keeps tensors in host arrays may make it the tensor's
   * storage and skip {@link #fromHost}'s copy, which for freshly made weights (initialisers, decoders) halves what
   * loading a model allocates. The default copies.
   *
   * @throws IllegalArgumentException like {@link #fromHost}
   */
  default Tensor adopt(float[] data, Shape shape) {
    return fromHost(data, shape);
  }

  /**
   * A tensor of {@code shape} over the same elements as {@code t}, in the same row-major order: what is written through
   * one is read through the other. The element counts must match. Closing the view leaves {@code t} open; {@code t}
   * must outlive its views. Lets a buffer serve values of different shapes in turn (the inference plan's activation
   * buffers) without copying.
   *
   * @return the view, or empty when this backend (the default) or this tensor (e.g. a prepared weight in a private
   *     layout) cannot be aliased
   * @throws IllegalArgumentException for a null argument, a tensor of another backend or a different element count
   * @throws IllegalStateException when {@code t} is closed
   */
  default Optional<Tensor> view(Tensor t, Shape shape) {
    return Optional.empty();
  }

  /**
   * Opens a stretch of back-to-back kernel calls, such as one forward pass or one backward pass: until the handle is
   * closed, the backend may keep its threads ready between calls instead of letting them sleep, so that short kernels
   * (batch 1) do not each wait for a thread to wake up; after it, idle threads sleep again and leave the cores to
   * others. Nests. The default does nothing.
   */
  default KernelBurst burst() {
    return KernelBurst.NONE;
  }

  /**
   * Repacks HWIO conv weights once into the backend's private layout for {@link ConvKernels#conv2d}. The result is a
   * tensor of this backend with the same logical shape; backends without a private layout return a copy. Call it
   * again after the weights change.
   */
  Tensor prepareConvWeight(Tensor hwio, Conv2dParams params);

  ConvKernels conv();

  NormKernels norm();

  PoolKernels pool();

  ElementwiseKernels elementwise();

  DenseKernels dense();

  LossKernels loss();

  OptimizerKernels optimizer();

  /** Frees pools and threads; tensors of this backend must not be used afterwards. */
  @Override
  void close();
}
