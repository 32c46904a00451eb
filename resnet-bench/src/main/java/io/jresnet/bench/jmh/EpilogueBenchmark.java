package io.jresnet.bench.jmh;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.cpu.CpuBackendProvider;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import io.jresnet.tensor.TensorScope;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The memory-bound passes that run between convolutions when they are not fused into a GEMM epilogue: batch-norm
 * (inference, with and without ReLU), ReLU and the residual add (with and without ReLU), on a {@code [batch, 56, 56,
 * 256]} activation (ResNet-50's layer1 output), in place where the kernel allows it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class EpilogueBenchmark {
  private static final int CHANNELS = 256;

  @Param({"1", "8"})
  public int batch;

  /** Compute threads; 0 means one per available processor. */
  @Param({"0"})
  public int threads;

  private Backend backend;
  private TensorScope scope;
  private Tensor x;
  private Tensor residual;
  private Tensor y;
  private Tensor gamma;
  private Tensor beta;
  private Tensor mean;
  private Tensor var;

  @Setup(Level.Trial)
  public void setUp() {
    backend = new CpuBackendProvider().open(new BackendConfig(threads));
    scope = new TensorScope();
    SplittableRandom random = new SplittableRandom(1);
    Shape shape = Shape.nhwc(batch, 56, 56, CHANNELS);
    x = scope.own(backend.fromHost(gaussian(random, shape.size()), shape));
    residual = scope.own(backend.fromHost(gaussian(random, shape.size()), shape));
    y = scope.own(backend.allocate(shape));
    Shape c = Shape.of(CHANNELS);
    gamma = scope.own(backend.fromHost(gaussian(random, CHANNELS), c));
    beta = scope.own(backend.fromHost(gaussian(random, CHANNELS), c));
    mean = scope.own(backend.fromHost(gaussian(random, CHANNELS), c));
    float[] variance = gaussian(random, CHANNELS);
    for (int i = 0; i < variance.length; i++) {
      variance[i] = 0.5f + Math.abs(variance[i]);
    }
    var = scope.own(backend.fromHost(variance, c));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    scope.close();
    backend.close();
  }

  @Benchmark
  public void batchNorm() {
    backend.norm().batchNormInference(x, gamma, beta, mean, var, 1e-5f, false, y);
  }

  @Benchmark
  public void batchNormRelu() {
    backend.norm().batchNormInference(x, gamma, beta, mean, var, 1e-5f, true, y);
  }

  @Benchmark
  public void relu() {
    backend.elementwise().relu(x, y);
  }

  @Benchmark
  public void add() {
    backend.elementwise().add(x, residual, false, y);
  }

  @Benchmark
  public void addRelu() {
    backend.elementwise().add(x, residual, true, y);
  }

  private static float[] gaussian(SplittableRandom random, int n) {
    float[] data = new float[n];
    for (int i = 0; i < n; i++) {
      data[i] = (float) random.nextGaussian();
    }
    return data;
  }
}
