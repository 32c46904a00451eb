package io.jresnet.bench.jmh;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.bench.JresnetRunner;
import io.jresnet.bench.SeededModel;
import io.jresnet.cpu.CpuBackendProvider;
import io.jresnet.nn.Model;
import io.jresnet.nn.Parameters;
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

/** A whole-model evaluation forward pass with the output copied to the host, as the comparison harness times it. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ModelForwardBenchmark {
  @Param({"resnet50"})
  public String model;

  @Param({"1", "8"})
  public int batch;

  /** Compute threads; 0 means one per available processor. */
  @Param({"0"})
  public int threads;

  private Backend backend;
  private Parameters parameters;
  private Model network;
  private JresnetRunner runner;

  @Setup(Level.Trial)
  public void setUp() {
    SeededModel seeded = SeededModel.of(model, 0);
    backend = new CpuBackendProvider().open(new BackendConfig(threads));
    parameters = seeded.parameters(backend);
    network = Model.bindForInference(seeded.graph(), backend, parameters);
    runner = new JresnetRunner(network, seeded.input(batch), seeded.inputShape(batch));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    runner.close();
    network.close();
    parameters.close();
    backend.close();
  }

  @Benchmark
  public float[] forward() {
    runner.forward();
    return runner.output();
  }
}
