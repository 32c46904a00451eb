package io.jresnet.bench.jmh;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.bench.ConvFixture;
import io.jresnet.bench.ModelConv;
import io.jresnet.bench.ModelConvs;
import io.jresnet.cpu.CpuBackendProvider;
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
 * Every distinct 1x1 convolution (GEMM) of ResNet-50 at 224x224, named after its first node, with the bias + ReLU
 * epilogue, on the CPU backend. {@code io.jresnet.bench.GemmEfficiency} reports the same shapes as GFLOPS and % of
 * the FMA peak.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmShapesBenchmark {
  @Param({
    "layer1.0.conv1",
    "layer1.0.conv3",
    "layer1.1.conv1",
    "layer2.0.conv1",
    "layer2.0.conv3",
    "layer2.0.downsample.0",
    "layer2.1.conv1",
    "layer3.0.conv1",
    "layer3.0.conv3",
    "layer3.0.downsample.0",
    "layer3.1.conv1",
    "layer4.0.conv1",
    "layer4.0.conv3",
    "layer4.0.downsample.0",
    "layer4.1.conv1"
  })
  public String conv;

  @Param({"1", "8"})
  public int batch;

  /** Compute threads; 0 means one per available processor. */
  @Param({"0"})
  public int threads;

  private Backend backend;
  private ConvFixture fixture;

  @Setup(Level.Trial)
  public void setUp() {
    ModelConv shape =
        ModelConvs.ofZooModel("resnet50", batch).stream()
            .filter(c -> c.shape().name().equals(conv))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("resnet50 has no distinct conv named '" + conv + "'"));
    backend = new CpuBackendProvider().open(new BackendConfig(threads));
    fixture = new ConvFixture(backend, shape.shape(), 1);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fixture.close();
    backend.close();
  }

  @Benchmark
  public void conv2d() {
    fixture.run();
  }
}
