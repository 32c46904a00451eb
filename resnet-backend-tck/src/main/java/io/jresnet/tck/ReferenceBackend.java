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
import java.util.Optional;

/**
 * The test oracle: every kernel of the {@link Backend} SPI as plain, single-threaded loops that accumulate in
 * {@code double}, written to be obviously correct rather than fast. Other backends are checked against it by the
 * contracts in this package; it is not meant for users and is therefore not registered with {@link
 * java.util.ServiceLoader}.
 *
 * <p>It validates every argument (shapes, ownership, closed tensors) with messages that name the kernel, the
 * argument and the expected and actual shapes. Tensors of another backend, including another instance of this
 * class, are rejected. After {@link #close()} every tensor of this backend throws {@link IllegalStateException}.
 */
public final class ReferenceBackend implements Backend {
  static final String NAME = "reference";

  private final ReferenceConvKernels conv = new ReferenceConvKernels(this);
  private final ReferenceNormKernels norm = new ReferenceNormKernels(this);
  private final ReferencePoolKernels pool = new ReferencePoolKernels(this);
  private final ReferenceElementwiseKernels elementwise = new ReferenceElementwiseKernels(this);
  private final ReferenceDenseKernels dense = new ReferenceDenseKernels(this);
  private final ReferenceLossKernels loss = new ReferenceLossKernels(this);
  private final ReferenceOptimizerKernels optimizer = new ReferenceOptimizerKernels(this);
  private volatile boolean closed;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public BackendInfo info() {
    return new BackendInfo(
        NAME, "plain Java loops, double accumulation (test oracle)", 1, 1, Map.of("threads", "caller's"));
  }

  @Override
  public Tensor allocate(Shape shape) {
    requireOpen();
    return new ReferenceTensor(this, shape, new float[shape.size()]);
  }

  /** Shares the array: the reference backend keeps every tensor row-major. */
  @Override
  public Optional<Tensor> view(Tensor t, Shape shape) {
    requireOpen();
    ReferenceTensor base = new ReferenceArgs(this, "view").own("t", t);
    if (shape == null) {
      throw new IllegalArgumentException("view: shape must not be null");
    }
    if (shape.size() != base.shape().size()) {
      throw new IllegalArgumentException(
          "view: tensor " + base.shape() + " has " + base.shape().size() + " elements, shape " + shape + " has "
              + shape.size());
    }
    return Optional.of(new ReferenceTensor(this, shape, base.data()));
  }

  @Override
  public Tensor fromHost(float[] data, Shape shape) {
    requireOpen();
    if (data.length != shape.size()) {
      throw new IllegalArgumentException(
          "fromHost: shape " + shape + " needs " + shape.size() + " floats, got " + data.length);
    }
    return new ReferenceTensor(this, shape, data.clone());
  }

  /** The reference has no private layout: the prepared weight is a checked copy of the HWIO tensor. */
  @Override
  public Tensor prepareConvWeight(Tensor hwio, Conv2dParams params) {
    ReferenceArgs args = new ReferenceArgs(this, "prepareConvWeight");
    float[] data = args.data("weight", hwio);
    args.requireRank("weight", hwio, 4, "HWIO [kh, kw, cin/groups, cout]");
    Shape s = hwio.shape();
    if (s.dim(0) != params.kernelH() || s.dim(1) != params.kernelW()) {
      throw args.error(
          "weight has shape "
              + s
              + ", expected a "
              + params.kernelH()
              + "x"
              + params.kernelW()
              + " kernel [kh, kw, cin/groups, cout]");
    }
    if (s.dim(3) % params.groups() != 0) {
      throw args.error(
          "weight has " + s.dim(3) + " output channels, not divisible by groups=" + params.groups());
    }
    return new ReferenceTensor(this, s, data.clone());
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

  /** Idempotent; afterwards allocation and every tensor of this backend throw {@link IllegalStateException}. */
  @Override
  public void close() {
    closed = true;
  }

  void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the " + NAME + " backend is closed");
    }
  }

  @Override
  public String toString() {
    return "ReferenceBackend" + (closed ? " (closed)" : "");
  }
}
