package io.jresnet.cli;

import com.google.inject.Inject;
import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendInfo;
import io.jresnet.bench.HeapActivity;
import io.jresnet.graph.Graph;
import io.jresnet.models.ModelSpec;
import io.jresnet.models.ResNetBuilder;
import io.jresnet.nn.Initializer;
import io.jresnet.nn.Model;
import io.jresnet.nn.ModelSummary;
import io.jresnet.nn.Parameters;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code resnet bench}: forward-pass latency of a model with random weights (the spec's initializer) on random
 * input, or with {@code --train} the time of whole training steps ({@link TrainingBenchStep}). Warm-up iterations
 * let the JIT compile the kernels; each timed inference iteration is one forward pass plus the copy of its output to
 * the host, and each training iteration returns its loss to the host, so that asynchronous backends are timed to
 * completion. Besides latency and images/s it reports the model's GFLOPS against this CPU's measured FMA peak and
 * the heap bytes each timed iteration allocates ({@link ComputeFigures}). With {@code --against onnxruntime} it runs
 * the side-by-side comparison of {@link OnnxRuntimeBench} instead.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Time forward passes (or, with --train, training steps) of a model with random weights: median/min/max"
          + " latency, images/s, GFLOPS and %% of this CPU's FMA peak, heap bytes allocated per iteration.",
      "With --against onnxruntime: export the model to ONNX and time jresnet's CPU backend and ONNX Runtime"
          + " alternately in one JVM (medians, ratio, whether the outputs agree within 1e-4, allocation, GCs), then"
          + " each one's peak resident memory in its own JVM. Batch sizes 1 and 8 unless --batch is given."
    })
final class BenchCommand implements Callable<Integer> {
  /** Weights and input are random but the same on every run. */
  private static final long SEED = 20151210L;

  @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Zoo name or JSON spec file.")
  private String model;

  @Option(
      names = "--batch",
      paramLabel = "N",
      defaultValue = "1",
      converter = IntConverters.Positive.class,
      description = "Images per forward pass (default: ${DEFAULT-VALUE}; with --against: 1 and 8).")
  private int batch;

  @Option(
      names = "--size",
      paramLabel = "HxW",
      converter = ImageSizeConverter.class,
      description = "Input height and width (default: the model's).")
  private ImageSize size;

  @Option(
      names = "--channels",
      paramLabel = "C",
      converter = IntConverters.Positive.class,
      description = "Input channels (default: the model's), e.g. 1 for grey images.")
  private Integer channels;

  @Option(
      names = "--train",
      description =
          "Time training steps instead: forward with batch statistics, softmax-cross-entropy, backward and an SGD"
              + " step.")
  private boolean train;

  @Option(
      names = "--iterations",
      paramLabel = "I",
      defaultValue = "10",
      converter = IntConverters.Positive.class,
      description = "Timed forward passes (default: ${DEFAULT-VALUE}); with --against, timed rounds of one forward of"
          + " each runtime.")
  private int iterations;

  @Option(
      names = "--warmup",
      paramLabel = "W",
      defaultValue = "10",
      converter = IntConverters.NonNegative.class,
      description = "Untimed passes first (default: ${DEFAULT-VALUE}): the JVM compiles the kernels that run once per"
          + " pass only after several passes.")
  private int warmup;

  @Option(
      names = "--fma-peak",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Measure this CPU's FMA peak (about a second) and report the model's GFLOPS as a share of it (default:"
              + " on; --no-fma-peak skips it).")
  private boolean fmaPeak;

  @Option(
      names = "--against",
      paramLabel = "RUNTIME",
      description = "Compare with another runtime side by side: onnxruntime (always on jresnet's CPU backend).")
  private String against;

  @Option(
      names = "--memory",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "With --against: also measure each runtime's peak resident memory at the largest batch, each in its own"
              + " JVM (default: on; --no-memory skips it).")
  private boolean memory;

  @Option(
      names = "--csv",
      paramLabel = "FILE",
      description = "With --against: write the images/s of both runtimes to this CSV file (system,workload,batch,"
          + "images_per_s).")
  private Path csv;

  @Spec private CommandSpec spec;

  private final BackendOpener backends;
  private final GlobalOptions options;

  @Inject
  BenchCommand(BackendOpener backends, GlobalOptions options) {
    this.backends = backends;
    this.options = options;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (against != null) {
      return new OnnxRuntimeBench(spec.commandLine(), options)
          .run(model, against, explicitBatch(), size, channels, train, warmup, iterations, memory, csv);
    }
    if (csv != null) {
      throw new ParameterException(spec.commandLine(), "--csv needs --against onnxruntime");
    }
    ModelSpec modelSpec = ModelArgument.resolve(model, size, channels);
    Graph graph = ResNetBuilder.build(modelSpec);
    if (train) {
      // Training runs on the logits with the fused loss; a final softmax is the loss's business.
      graph = graph.withoutFinalSoftmax();
    }
    Shape inputShape = graph.inputShape().prependBatch(batch);
    Initializer initializer = Initializer.named(modelSpec.init().jsonName());
    Progress progress = Progress.onStderr(err);
    try (Backend backend = backends.open(err)) {
      progress.show("initialising " + graph.name() + " weights (" + initializer.schemeName() + ")");
      try (Parameters parameters = Parameters.allocate(graph, backend, initializer, SEED);
          Model network =
              train ? Model.bind(graph, backend, parameters) : Model.bindForInference(graph, backend, parameters);
          Tensor x = backend.fromHost(randomInput(inputShape), inputShape);
          TrainingBenchStep step = train ? new TrainingBenchStep(network, x, modelSpec.head().classes(), SEED) : null;
          // A forward writes into one output tensor and host array, as a server reuses its buffers.
          Tensor y = train ? null : backend.allocate(network.outputShape(inputShape))) {
        progress.clear();
        out.println(header(modelSpec, backend.info()));
        out.flush();
        float[] host = train ? null : new float[y.shape().size()];
        for (int i = 0; i < warmup; i++) {
          progress.show("warm-up " + (i + 1) + "/" + warmup);
          runOnce(network, x, y, host, step);
        }
        long[] nanos = new long[iterations];
        // Counted around the iterations alone: the progress line between them allocates its text.
        long allocated = HeapActivity.allocatedBytesNow() < 0 ? -1 : 0;
        for (int i = 0; i < iterations; i++) {
          progress.show("iteration " + (i + 1) + "/" + iterations);
          long before = HeapActivity.allocatedBytesNow();
          nanos[i] = runOnce(network, x, y, host, step);
          allocated += HeapActivity.allocatedBytesNow() - before;
        }
        progress.clear();
        LatencyStats stats = LatencyStats.ofNanos(nanos);
        out.printf(
            Locale.ROOT,
            "latency ms: median %.2f  min %.2f  max %.2f%nthroughput: %.2f images/s (batch %d at the median"
                + " latency)%n",
            stats.medianMs(),
            stats.minMs(),
            stats.maxMs(),
            stats.imagesPerSecond(batch),
            batch);
        long bytes = allocated < 0 ? -1 : allocated / iterations;
        printComputeFigures(out, progress, graph, stats, backend.info().threads(), bytes);
        out.flush();
      }
    } finally {
      progress.clear();
    }
    return ExitCode.OK;
  }

  private void printComputeFigures(
      PrintWriter out, Progress progress, Graph graph, LatencyStats stats, int threads, long bytes) {
    // A training step is counted as three forwards: the forward, the input gradients and the weight gradients.
    double forwardFlops = 2.0 * ModelSummary.of(graph, batch).macs();
    double flops = train ? 3 * forwardFlops : forwardFlops;
    String counted = train ? "a training step counted as 3x the forward's FLOPs" : "2 FLOPs per multiply-add";
    ComputeFigures figures;
    if (fmaPeak) {
      progress.show("measuring this CPU's FMA peak");
      figures = ComputeFigures.withPeak(flops, stats.medianMs(), threads, bytes);
      progress.clear();
    } else {
      figures = new ComputeFigures(flops, stats.medianMs(), 0, null, threads, bytes);
    }
    out.println(figures.computeLine(counted));
    out.println(figures.allocationLine());
  }

  /** The batch size when {@code --batch} was given, else null. */
  private Integer explicitBatch() {
    return spec.commandLine().getParseResult().hasMatchedOption("--batch") ? batch : null;
  }

  private String header(ModelSpec modelSpec, BackendInfo info) {
    return String.format(
        Locale.ROOT,
        "bench %s%s: batch %d, input %dx%dx%d | backend %s (%s, SIMD %d floats, %d threads) | %d warm-up + %d timed"
            + " iterations",
        modelSpec.name(),
        train ? " training steps" : "",
        batch,
        modelSpec.input().height(),
        modelSpec.input().width(),
        modelSpec.input().channels(),
        info.name(),
        info.device(),
        info.simdFloats(),
        info.threads(),
        warmup,
        iterations);
  }

  /** Nanoseconds for one training step, or one forward pass into {@code y} with the output copied to {@code host}. */
  private static long runOnce(Model network, Tensor x, Tensor y, float[] host, TrainingBenchStep step) {
    long start = System.nanoTime();
    if (step != null) {
      step.run();
    } else {
      network.forward(x, y);
      y.copyToHost(host);
    }
    return System.nanoTime() - start;
  }

  private static float[] randomInput(Shape shape) {
    SplittableRandom random = new SplittableRandom(SEED);
    float[] data = new float[shape.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian();
    }
    return data;
  }
}
