package io.jresnet.bench;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.cpu.CpuBackendProvider;
import io.jresnet.nn.Model;
import io.jresnet.nn.Parameters;
import java.nio.file.Path;
import java.util.Map;

/**
 * The child process of the peak-memory measurement: loads ONE framework's model, runs some forward passes at one
 * batch size and prints its peak resident set size as {@code VmHWM_kB=N}. Run by {@link PeakMemory}; the two
 * frameworks never share a process, so each peak is that framework's alone (plus the JVM's own).
 */
public final class PeakMemoryProbe {
  /** The line prefix the parent looks for. */
  static final String PEAK_PREFIX = "VmHWM_kB=";

  private PeakMemoryProbe() {}

  public static void main(String[] args) {
    BenchArgs options =
        BenchArgs.parse(
            args,
            Map.of("engine", "", "model", "resnet50", "size", "0", "batch", "8", "forwards", "5", "threads", "0",
                "onnx", ""));
    SeededModel seeded = SeededModel.of(options.string("model"), options.integer("size", 0));
    int batch = options.integer("batch", 1);
    int forwards = options.integer("forwards", 1);
    int threads = options.integer("threads", 0);
    float[] input = seeded.input(batch);
    switch (options.string("engine")) {
      case "jresnet" -> {
        try (Backend backend = new CpuBackendProvider().open(new BackendConfig(threads));
            Parameters parameters = seeded.parameters(backend);
            Model model = Model.bindForInference(seeded.graph(), backend, parameters);
            JresnetRunner runner = new JresnetRunner(model, input, seeded.inputShape(batch))) {
          run(runner, forwards);
        }
      }
      case "onnxruntime" -> {
        int resolved = new BackendConfig(threads).resolvedThreads();
        try (OrtModel ort = OrtModel.open(Path.of(options.string("onnx")), resolved);
            OrtRunner runner = OrtRunner.forModel(ort.session(), seeded, input, batch)) {
          run(runner, forwards);
        }
      }
      default ->
          throw new IllegalArgumentException(
              "--engine must be jresnet or onnxruntime, got '" + options.string("engine") + "'");
    }
  }

  private static void run(BatchRunner runner, int forwards) {
    for (int i = 0; i < forwards; i++) {
      runner.forward();
    }
    System.out.println(PEAK_PREFIX + ProcStatus.peakResidentKib().orElse(-1));
  }
}
