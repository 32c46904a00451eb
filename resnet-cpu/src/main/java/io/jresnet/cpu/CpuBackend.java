package io.jresnet.cpu;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendInfo;
import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.ConvKernels;
import io.jresnet.backend.DenseKernels;
import io.jresnet.backend.ElementwiseKernels;
import io.jresnet.backend.KernelBurst;
import io.jresnet.backend.LossKernels;
import io.jresnet.backend.NormKernels;
import io.jresnet.backend.OptimizerKernels;
import io.jresnet.backend.PoolKernels;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CPU backend: {@code float[]} tensors ({@link CpuTensor}) and kernels on the Java Vector API
 * ({@code FloatVector.SPECIES_PREFERRED}), all multithreaded over the one {@link CpuComputePool} it is given.
 * Convolutions and dense layers run on a packed, register-blocked SGEMM ({@link CpuGemm}); weights prepared with
 * {@link #prepareConvWeight} are packed once into the GEMM's panel layout. The first tensor made in a JVM waits for
 * {@link CpuKernelWarmup} to have the JIT compile the inference kernels (2–3 s on two cores; {@code
 * -Djresnet.cpu.warmup=false} skips it).
 */
public final class CpuBackend implements Backend {
  private final CpuComputePool pool;
  private final KernelArgs args;
  private final ConvKernels conv;
  private final NormKernels norm;
  private final PoolKernels pooling;
  private final ElementwiseKernels elementwise;
  private final DenseKernels dense;
  private final LossKernels loss;
  private final OptimizerKernels optimizer;
  /** The one handle {@link #burst()} hands out: bursts are counted, so no handle needs state of its own. */
  private final KernelBurst burstEnd;
  private volatile boolean closed;

  /** A backend running on {@code pool}, which it owns from now on and closes in {@link #close()}. */
  public CpuBackend(CpuComputePool pool) {
    if (pool == null) {
      throw new IllegalArgumentException("cpu backend: compute pool is null");
    }
    this.pool = pool;
    this.args = new KernelArgs(this);
    this.conv = new CpuConv2d(pool, args);
    this.norm = new CpuBatchNorm(pool, args);
    this.pooling = new CpuPooling(pool, args);
    this.elementwise = new CpuElementwise(pool, args);
    this.dense = new CpuDense(pool, args);
    this.loss = new CpuLoss(pool, args);
    this.optimizer = new CpuOptimizer(pool, args);
    this.burstEnd = pool::endBurst;
  }

  /** Keeps the compute pool's threads spinning between the kernels of the burst (see {@link CpuComputePool#beginBurst}). */
  @Override
  public KernelBurst burst() {
    ensureOpen();
    pool.beginBurst();
    return burstEnd;
  }

  @Override
  public String name() {
    return CpuBackendProvider.NAME;
  }

  @Override
  public BackendInfo info() {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("vector species", GemmMicroKernel.SPECIES.toString());
    details.put("gemm tile", GemmMicroKernel.MR + "x" + GemmMicroKernel.NR);
    details.put("java", Runtime.version().toString());
    String device = System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " logical CPUs";
    return new BackendInfo(name(), device, GemmMicroKernel.LANES, pool.threads(), details);
  }

  @Override
  public Tensor allocate(Shape shape) {
    ensureOpen();
    requireShape(shape, "allocate");
    CpuKernelWarmup.ensure();
    return new CpuTensor(this, shape, new float[shape.size()]);
  }

  @Override
  public Tensor fromHost(float[] data, Shape shape) {
    return new CpuTensor(this, shape, checkedHostData(data, shape, "fromHost").clone());
  }

  /** Keeps {@code data} itself as the tensor's storage: no copy. */
  @Override
  public Tensor adopt(float[] data, Shape shape) {
    return new CpuTensor(this, shape, checkedHostData(data, shape, "adopt"));
  }

  private float[] checkedHostData(float[] data, Shape shape, String method) {
    ensureOpen();
    requireShape(shape, method);
    if (data == null) {
      throw new IllegalArgumentException(method + ": data is null");
    }
    if (data.length != shape.size()) {
      throw new IllegalArgumentException(
          method + ": got " + data.length + " floats for shape " + shape + ", which has " + shape.size()
              + " elements");
    }
    CpuKernelWarmup.ensure();
    return data;
  }

  /** Shares the array of a row-major tensor; prepared weights keep a private layout and get no view. */
  @Override
  public Optional<Tensor> view(Tensor t, Shape shape) {
    ensureOpen();
    CpuTensor base = args.require(t, "view", "t");
    requireShape(shape, "view");
    if (shape.size() != base.shape().size()) {
      throw new IllegalArgumentException(
          "view: tensor " + base.shape() + " has " + base.shape().size() + " elements, shape " + shape + " has "
              + shape.size());
    }
    if (base.getClass() != CpuTensor.class) {
      return Optional.empty();
    }
    return Optional.of(new CpuTensor(this, shape, base.data()));
  }

  private static Shape requireShape(Shape shape, String operation) {
    if (shape == null) {
      throw new IllegalArgumentException(operation + ": shape is null");
    }
    return shape;
  }

  @Override
  public Tensor prepareConvWeight(Tensor hwio, Conv2dParams params) {
    ensureOpen();
    String kernel = "prepareConvWeight";
    CpuTensor w = args.require(hwio, kernel, "hwio");
    if (params == null) {
      throw new IllegalArgumentException(kernel + ": params is null");
    }
    KernelArgs.requireRank(w, 4, "HWIO [kh, kw, cin/groups, cout]", kernel, "hwio");
    Shape s = w.shape();
    if (s.dim(0) != params.kernelH() || s.dim(1) != params.kernelW()) {
      throw new IllegalArgumentException(
          kernel + ": hwio " + s + " is a " + s.dim(0) + "x" + s.dim(1) + " kernel but params say "
              + params.kernelH() + "x" + params.kernelW());
    }
    if (s.dim(3) % params.groups() != 0) {
      throw new IllegalArgumentException(
          kernel + ": hwio " + s + " has " + s.dim(3) + " output channels, not divisible by groups="
              + params.groups());
    }
    return WinogradConv.supports(params)
        ? new WinogradWeight(this, s, w.data())
        : new CpuPackedConvWeight(this, s, w.data(), params.groups());
  }

  @Override
  public ConvKernels conv() {
    ensureOpen();
    return conv;
  }

  @Override
  public NormKernels norm() {
    ensureOpen();
    return norm;
  }

  @Override
  public PoolKernels pool() {
    ensureOpen();
    return pooling;
  }

  @Override
  public ElementwiseKernels elementwise() {
    ensureOpen();
    return elementwise;
  }

  @Override
  public DenseKernels dense() {
    ensureOpen();
    return dense;
  }

  @Override
  public LossKernels loss() {
    ensureOpen();
    return loss;
  }

  @Override
  public OptimizerKernels optimizer() {
    ensureOpen();
    return optimizer;
  }

  /** The pool the kernels run on. */
  public CpuComputePool computePool() {
    return pool;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the cpu backend is closed");
    }
  }

  /** Stops the compute pool; kernels called afterwards throw. Idempotent. */
  @Override
  public void close() {
    closed = true;
    pool.close();
  }
}
