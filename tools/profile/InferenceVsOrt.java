import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.jresnet.backend.Conv2dParams;
import io.jresnet.bench.JresnetRunner;
import io.jresnet.bench.OrtRunner;
import io.jresnet.bench.SeededModel;
import io.jresnet.cpu.CpuBackend;
import io.jresnet.cpu.CpuComputePool;
import io.jresnet.models.interop.onnx.OnnxExporter;
import io.jresnet.nn.Model;
import io.jresnet.nn.Parameters;
import io.jresnet.tensor.Tensor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where jresnet's inference time goes against ONNX Runtime's, kernel call by kernel call: both engines run the same
 * seeded model (exported by jresnet) in one JVM, alternating forward by forward; jresnet's CPU kernel groups are
 * wrapped in timing proxies, ONNX Runtime's own profiler times its nodes. Prints both lists in execution order with
 * the median time of each call (ms), then the sums. The profilers cost a little: compare the two columns with each
 * other, not with a benchmark.
 *
 * <pre>
 *   ./mvnw -q -DskipTests package -pl resnet-bench -am
 *   java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *     -cp 'resnet-bench/target/resnet-bench-0.1.0-SNAPSHOT.jar:resnet-bench/target/lib/*' \
 *     tools/profile/InferenceVsOrt.java [BATCH] [FORWARDS] [MODEL] [alternate|alone|ort-alone]
 * </pre>
 *
 * ONNX Runtime's node names carry the model's layer names (e.g. {@code layer3.1.relu2_nchwc}, a fused conv); jresnet's
 * rows name the kernel and its shapes ({@code conv [n, h, w, cin]->cout kxk/s}), in the same order as the model's
 * layers.
 */
public class InferenceVsOrt {
  private static final List<String> KERNEL_GROUPS = List.of("conv", "norm", "pooling", "elementwise", "dense");
  private static final List<String> names = new ArrayList<>();
  private static final List<List<Long>> times = new ArrayList<>();
  private static int call;
  private static boolean recording;

  public static void main(String[] args) throws Exception {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    int forwards = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    String modelName = args.length > 2 ? args[2] : "resnet50";
    // "alone" / "ort-alone": the other engine runs only during warm-up, so one engine's timed forwards follow each
    // other as in a service, not the other engine's.
    String mode = args.length > 3 ? args[3] : "alternate";
    boolean alone = mode.equals("alone");
    boolean ortAlone = mode.equals("ort-alone");
    SeededModel seeded = SeededModel.of(modelName, 0);
    Path dir = Files.createTempDirectory("jresnet-vs-ort");
    Path onnx = dir.resolve(modelName + ".onnx");
    Path profile = dir.resolve("ort-profile");
    CpuBackend backend = new CpuBackend(new CpuComputePool(2));
    try (Parameters parameters = seeded.parameters(backend)) {
      OnnxExporter.write(seeded.graph(), parameters, onnx);
      wrapKernels(backend);
      try (Model model = Model.bindForInference(seeded.graph(), backend, parameters);
          JresnetRunner jresnet = new JresnetRunner(model, seeded.input(batch), seeded.inputShape(batch));
          OrtSession.SessionOptions options = ortOptions(profile);
          OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx.toString(), options);
          OrtRunner ort = OrtRunner.forModel(session, seeded, seeded.input(batch), batch)) {
        int warmup = 30;
        for (int i = 0; i < warmup; i++) {
          jresnet.forward();
          ort.forward();
        }
        long[] jresnetNanos = new long[forwards];
        long[] ortNanos = new long[forwards];
        recording = true;
        for (int i = 0; i < forwards; i++) {
          call = 0;
          long start = System.nanoTime();
          if (!ortAlone) {
            jresnet.forward();
            jresnetNanos[i] = System.nanoTime() - start;
          }
          if (!alone) {
            start = System.nanoTime();
            ort.forward();
            ortNanos[i] = System.nanoTime() - start;
          }
        }
        Map<String, List<Long>> ortNodes = ortNodeTimes(Path.of(session.endProfiling()), warmup);
        report(batch, jresnetNanos, ortNanos, ortNodes);
      }
    } finally {
      backend.close();
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(dir);
    }
    System.exit(0);
  }

  /** The options of io.jresnet.bench.OrtModel, plus the profiler. */
  private static OrtSession.SessionOptions ortOptions(Path profile) throws Exception {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(2);
    options.setInterOpNumThreads(1);
    options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    options.addConfigEntry("session.intra_op.allow_spinning", "0");
    options.enableProfiling(profile.toString());
    return options;
  }

  /** Replaces each kernel group of the backend by a proxy that times every call while recording. */
  private static void wrapKernels(CpuBackend backend) throws Exception {
    for (String group : KERNEL_GROUPS) {
      Field field = CpuBackend.class.getDeclaredField(group);
      field.setAccessible(true);
      Object target = field.get(backend);
      Class<?> api = Arrays.stream(target.getClass().getInterfaces())
          .filter(c -> c.getPackageName().equals("io.jresnet.backend"))
          .findFirst()
          .orElseThrow();
      Object proxy = Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, (p, method, methodArgs) -> {
        long start = System.nanoTime();
        try {
          return method.invoke(target, methodArgs);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        } finally {
          if (recording) {
            long nanos = System.nanoTime() - start;
            if (call == names.size()) {
              names.add(describe(group, method.getName(), methodArgs));
              times.add(new ArrayList<>());
            }
            times.get(call++).add(nanos);
          }
        }
      });
      field.set(backend, proxy);
    }
  }

  private static String describe(String group, String method, Object[] args) {
    if (method.equals("conv2d")) {
      Tensor x = (Tensor) args[0];
      Tensor w = (Tensor) args[1];
      Conv2dParams p = (Conv2dParams) args[3];
      return String.format(
          "conv %s->%d %dx%d/%d%s", x.shape(), w.shape().dim(3), p.kernelH(), p.kernelW(), p.strideH(),
          args[4] != null ? " +res" : "");
    }
    return group + "." + method;
  }

  /** Each ORT node's kernel time per run (microseconds), warm-up runs dropped, in first-run order. */
  private static Map<String, List<Long>> ortNodeTimes(Path json, int warmup) throws Exception {
    Pattern name = Pattern.compile("\"name\" *: *\"([^\"]+)_kernel_time\"");
    Pattern duration = Pattern.compile("\"dur\" *: *(\\d+)");
    Map<String, List<Long>> nodes = new LinkedHashMap<>();
    for (String event : Files.readString(json).split("\n")) {
      if (!event.contains("\"Node\"") || !event.contains("_kernel_time")) {
        continue;
      }
      Matcher n = name.matcher(event);
      Matcher d = duration.matcher(event);
      if (n.find() && d.find()) {
        nodes.computeIfAbsent(n.group(1), k -> new ArrayList<>()).add(Long.parseLong(d.group(1)));
      }
    }
    nodes.replaceAll((k, v) -> v.subList(Math.min(warmup, v.size()), v.size()));
    return nodes;
  }

  private static void report(int batch, long[] jresnetNanos, long[] ortNanos, Map<String, List<Long>> ortNodes) {
    System.out.printf("batch %d, median forward: jresnet %.2f ms, ONNX Runtime %.2f ms (both profiled)%n", batch,
        median(jresnetNanos) / 1e6, median(ortNanos) / 1e6);
    System.out.printf("%4s %8s  %-44s | %8s  %s%n", "#", "jresnet", "kernel call", "ORT", "ORT node");
    List<String> ortNames = new ArrayList<>(ortNodes.keySet());
    double jresnetSum = 0;
    double ortSum = 0;
    for (int i = 0; i < Math.max(names.size(), ortNames.size()); i++) {
      double j = i < names.size() ? median(times.get(i)) / 1e6 : 0;
      double o = i < ortNames.size() ? median(ortNodes.get(ortNames.get(i))) / 1e3 : 0;
      jresnetSum += j;
      ortSum += o;
      System.out.printf("%4d %8.3f  %-44s | %8.3f  %s%n", i, j, i < names.size() ? names.get(i) : "", o,
          i < ortNames.size() ? ortNames.get(i) : "");
    }
    System.out.printf("sums: jresnet %.2f ms, ONNX Runtime %.2f ms%n", jresnetSum, ortSum);
    if (!names.isEmpty() && times.getFirst().size() == jresnetNanos.length) {
      // Per forward: its time less its kernel calls' (the plan's bookkeeping, the proxies, the output copy).
      long[] outside = new long[jresnetNanos.length];
      for (int f = 0; f < outside.length; f++) {
        long inKernels = 0;
        for (List<Long> call : times) {
          inKernels += call.get(f);
        }
        outside[f] = jresnetNanos[f] - inKernels;
      }
      System.out.printf("jresnet outside its kernel calls, median per forward: %.3f ms%n", median(outside) / 1e6);
    }
  }

  private static double median(List<Long> values) {
    return median(values.stream().mapToLong(Long::longValue).toArray());
  }

  private static double median(long[] values) {
    if (values.length == 0) {
      return 0;
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
