package io.jresnet.tck;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendInfo;
import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.ConvKernels;
import io.jresnet.backend.DenseKernels;
import io.jresnet.backend.ElementwiseKernels;
import io.jresnet.backend.LossKernels;
import io.jresnet.backend.NormKernels;
import io.jresnet.backend.OptimizerKernels;
import io.jresnet.backend.PoolKernels;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Map;

/**
 * A reference backend with some kernel groups replaced: broken ones show that the contracts catch a bug, honest
 * float32 ones show that the default tolerance admits ordinary float32 arithmetic. Tensors are the inner
 * reference backend's.
 */
final class PatchedBackend implements Backend {
  private final ReferenceBackend inner = new ReferenceBackend();
  private ConvKernels conv = inner.conv();
  private NormKernels norm = inner.norm();
  private PoolKernels pool = inner.pool();
  private ElementwiseKernels elementwise = inner.elementwise();
  private DenseKernels dense = inner.dense();
  private LossKernels loss = inner.loss();
  private OptimizerKernels optimizer = inner.optimizer();

  ReferenceBackend inner() {
    return inner;
  }

  PatchedBackend withConv(ConvKernels kernels) {
    conv = kernels;
    return this;
  }

  PatchedBackend withNorm(NormKernels kernels) {
    norm = kernels;
    return this;
  }

  PatchedBackend withPool(PoolKernels kernels) {
    pool = kernels;
    return this;
  }

  PatchedBackend withElementwise(ElementwiseKernels kernels) {
    elementwise = kernels;
    return this;
  }

  PatchedBackend withDense(DenseKernels kernels) {
    dense = kernels;
    return this;
  }

  PatchedBackend withLoss(LossKernels kernels) {
    loss = kernels;
    return this;
  }

  PatchedBackend withOptimizer(OptimizerKernels kernels) {
    optimizer = kernels;
    return this;
  }

  @Override
  public String name() {
    return "patched";
  }

  @Override
  public BackendInfo info() {
    return new BackendInfo("patched", "reference with replaced kernels", 1, 1, Map.of());
  }

  @Override
  public Tensor allocate(Shape shape) {
    return inner.allocate(shape);
  }

  @Override
  public Tensor fromHost(float[] data, Shape shape) {
    return inner.fromHost(data, shape);
  }

  @Override
  public Tensor prepareConvWeight(Tensor hwio, Conv2dParams params) {
    return inner.prepareConvWeight(hwio, params);
  }

  @Override
  public ConvKernels conv() {
    return conv;
  }

  @Override
  public NormKernels norm() {
    return norm;
  }

  @Override
  public PoolKernels pool() {
    return pool;
  }

  @Override
  public ElementwiseKernels elementwise() {
    return elementwise;
  }

  @Override
  public DenseKernels dense() {
    return dense;
  }

  @Override
  public LossKernels loss() {
    return loss;
  }

  @Override
  public OptimizerKernels optimizer() {
    return optimizer;
  }

  @Override
  public void close() {
    inner.close();
  }
}
