package io.jresnet.bench.jmh;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.bench.ConvCatalog;
import io.jresnet.bench.ConvFamily;
import io.jresnet.bench.ConvFixture;
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

/** One representative convolution per family ({@link ConvCatalog}), fused bias + ReLU, on the CPU backend. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ConvFamilyBenchmark {
  @Param({"POINTWISE", "POINTWISE_STRIDED", "CONV3X3", "CONV3X3_STRIDED", "STEM", "DEPTHWISE"})
  public String family;

  @Param({"1", "8"})
  public int batch;

  /** Compute threads; 0 means one per available processor. */
  @Param({"0"})
  public int threads;

  private Backend backend;
  private ConvFixture conv;

  @Setup(Level.Trial)
  public void setUp() {
    backend = new CpuBackendProvider().open(new BackendConfig(threads));
    conv = new ConvFixture(backend, ConvCatalog.representative(ConvFamily.valueOf(family), batch), 1);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    conv.close();
    backend.close();
  }

  @Benchmark
  public void conv2d() {
    conv.run();
  }
}
