import io.jresnet.backend.Backend;
import io.jresnet.cpu.CpuBackend;
import io.jresnet.cpu.CpuComputePool;
import io.jresnet.graph.Graph;
import io.jresnet.models.ModelSource;
import io.jresnet.models.ModelSpec;
import io.jresnet.models.ResNetBuilder;
import io.jresnet.nn.Initializer;
import io.jresnet.nn.Mode;
import io.jresnet.nn.Model;
import io.jresnet.nn.ParameterSpec;
import io.jresnet.nn.Parameters;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import io.jresnet.train.Sgd;
import io.jresnet.train.SgdParams;
import io.jresnet.train.TrainableParameter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Wall time per kernel kind for training steps like {@code resnet bench --train}: each kernel group of a CpuBackend
 * is wrapped in a timing proxy, and what no kernel accounts for (the pass itself, allocation, GC) is the rest.
 *   java --add-modules jdk.incubator.vector -cp 'resnet-cli/target/lib/*' tools/profile/TrainStepProfile.java \
 *     MODEL BATCH [HxW|-] [CHANNELS] [STEPS] [WARMUP]
 * With {@code -Dprofile.convs=true} the conv kernels are also broken down per shape (direction, input
 * {@code [n,h,w,cin]}, kernel, stride, output channels) with their GFLOPS ({@code 2·n·oh·ow·kh·kw·cin/g·cout} each).
 */
public class TrainStepProfile {
  static final Map<String, long[]> TIMES = new TreeMap<>();
  /** Per conv shape: nanoseconds, calls, and floating-point operations per call. */
  static final Map<String, long[]> CONVS = new TreeMap<>();
  static final boolean PER_CONV = Boolean.getBoolean("profile.convs");
  static boolean recording;

  public static void main(String[] args) throws Exception {
    String model = args[0];
    int batch = Integer.parseInt(args[1]);
    ModelSpec spec = ModelSource.resolve(model);
    if (args.length > 2 && !args[2].equals("-")) {
      String[] hw = args[2].split("x");
      spec = spec.withInput(Integer.parseInt(hw[0]), Integer.parseInt(hw[1]),
          args.length > 3 ? Integer.parseInt(args[3]) : spec.input().channels());
    }
    int steps = args.length > 4 ? Integer.parseInt(args[4]) : 8;
    int warmup = args.length > 5 ? Integer.parseInt(args[5]) : 3;
    Graph graph = ResNetBuilder.build(spec).withoutFinalSoftmax();
    Shape inputShape = graph.inputShape().prependBatch(batch);
    CpuBackend backend = new CpuBackend(new CpuComputePool(2));
    wrap(backend);
    Parameters parameters = Parameters.allocate(graph, backend, Initializer.named(spec.init().jsonName()), 1L);
    Model network = Model.bind(graph, backend, parameters);
    SplittableRandom random = new SplittableRandom(1);
    float[] data = new float[inputShape.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian();
    }
    Tensor x = backend.fromHost(data, inputShape);
    int[] labels = new int[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = random.nextInt(spec.head().classes());
    }
    Sgd sgd = new Sgd(SgdParams.momentum(0.9f, 5e-4f));
    List<TrainableParameter> trainable = parameters.specs().stream().filter(ParameterSpec::trainable)
        .map(s -> TrainableParameter.of(s, parameters.get(s.name()), parameters.gradient(s.name()))).toList();
    for (int i = 0; i < warmup; i++) {
      step(backend, network, x, labels, sgd, trainable, parameters);
    }
    recording = true;
    long gc0 = gcMillis();
    long alloc0 = allocatedBytes();
    long t0 = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      step(backend, network, x, labels, sgd, trainable, parameters);
    }
    double totalMs = (System.nanoTime() - t0) / 1e6 / steps;
    double gcMs = (gcMillis() - gc0) / (double) steps;
    double allocMb = (allocatedBytes() - alloc0) / 1e6 / steps;
    double kernels = 0;
    System.out.printf(Locale.ROOT, "%s batch %d %s: %.1f ms/step (%.1f img/s), %d steps after %d warm-up%n", model,
        batch, inputShape, totalMs, batch * 1000 / totalMs, steps, warmup);
    System.out.printf(Locale.ROOT, "%-42s %9s %6s %7s%n", "kernel", "ms/step", "%", "calls");
    for (var e : TIMES.entrySet()) {
      double ms = e.getValue()[0] / 1e6 / steps;
      kernels += ms;
      System.out.printf(Locale.ROOT, "%-42s %9.2f %6.1f %7d%n", e.getKey(), ms, 100 * ms / totalMs,
          e.getValue()[1] / steps);
    }
    double rest = totalMs - kernels;
    System.out.printf(Locale.ROOT, "%-42s %9.2f %6.1f%n", "outside kernels (pass, allocation, GC)", rest,
        100 * rest / totalMs);
    System.out.printf(Locale.ROOT, "  of which GC pauses: %.2f ms/step; heap allocated (this thread): %.1f MB/step%n",
        gcMs, allocMb);
    if (PER_CONV) {
      System.out.printf(Locale.ROOT, "%-58s %9s %6s %7s %8s%n", "conv shape", "ms/step", "%", "calls", "GFLOPS");
      for (var e : CONVS.entrySet()) {
        long[] v = e.getValue();
        double ms = v[0] / 1e6 / steps;
        System.out.printf(Locale.ROOT, "%-58s %9.2f %6.1f %7d %8.1f%n", e.getKey(), ms, 100 * ms / totalMs,
            v[1] / steps, v[2] * (double) v[1] / v[0]);
      }
    }
    backend.close();
  }

  static void step(Backend backend, Model network, Tensor x, int[] labels, Sgd sgd,
      List<TrainableParameter> trainable, Parameters parameters) {
    try (Tensor logits = network.forward(x, Mode.TRAIN); Tensor gradient = backend.allocate(logits.shape())) {
      backend.loss().softmaxCrossEntropy(logits, labels, 0f, gradient, null);
      network.backward(gradient);
    }
    sgd.step(trainable, 0.01f);
    parameters.markChanged();
  }

  static long gcMillis() {
    long t = 0;
    for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
      t += b.getCollectionTime();
    }
    return t;
  }

  static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
  }

  /** Keys a conv call by direction and shape; x is the input (forward, filter) or dx's shape (data). */
  static void recordConv(String method, Object[] a, long elapsed) {
    if (!method.startsWith("conv2d")) {
      return;
    }
    Tensor x = (Tensor) (method.equals("conv2dBackwardData") ? a[3] : a[0]);
    Tensor w = (Tensor) (method.equals("conv2dBackwardFilter") ? a[3] : a[1]);
    io.jresnet.backend.Conv2dParams p = (io.jresnet.backend.Conv2dParams) a[method.equals("conv2d") ? 3 : 2];
    int[] xs = x.shape().toArray();
    int[] ws = w.shape().toArray();
    int oh = p.outputH(xs[1]);
    int ow = p.outputW(xs[2]);
    long flops = 2L * xs[0] * oh * ow * ws[0] * ws[1] * ws[2] * ws[3];
    String key = String.format(Locale.ROOT, "%-20s %3dx%-3d x%-4d %dx%d/%d -> %d",
        method.replace("conv2d", "").isEmpty() ? "forward" : method.replace("conv2d", ""), xs[1], xs[2], xs[3],
        ws[0], ws[1], p.strideH(), ws[3]);
    long[] slot = CONVS.computeIfAbsent(key, k -> new long[3]);
    slot[0] += elapsed;
    slot[1]++;
    slot[2] = flops;
  }

  static void wrap(CpuBackend backend) throws Exception {
    for (String name : List.of("conv", "norm", "pooling", "elementwise", "dense", "loss", "optimizer")) {
      Field f = CpuBackend.class.getDeclaredField(name);
      f.setAccessible(true);
      Object target = f.get(backend);
      Class<?> iface = null;
      for (Class<?> c : target.getClass().getInterfaces()) {
        if (c.getPackageName().equals("io.jresnet.backend")) {
          iface = c;
        }
      }
      Object proxy = Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, (p, m, a) -> {
        long s = System.nanoTime();
        try {
          return m.invoke(target, a);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        } finally {
          if (recording) {
            long[] slot = TIMES.computeIfAbsent(name + "." + m.getName(), k -> new long[2]);
            long elapsed = System.nanoTime() - s;
            slot[0] += elapsed;
            slot[1]++;
            if (PER_CONV && name.equals("conv")) {
              recordConv(m.getName(), a, elapsed);
            }
          }
        }
      });
      f.set(backend, proxy);
    }
  }
}
