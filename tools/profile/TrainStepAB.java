import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Training-step time of two builds (A and B: repository roots after {@code ./mvnw -DskipTests package -pl resnet-cli
 * -am}) in ONE process, alternating step by step, so that load from other processes hits both alike. Each build's
 * {@code resnet-cli/target/lib} jars get their own class loader with {@link TrainStepHarness} (compiled into
 * HARNESS_DIR against either build) on top. Run through {@code tools/profile/train-ab.sh}.
 *   java --add-modules jdk.incubator.vector TrainStepAB.java HARNESS_DIR ROOT_A ROOT_B MODEL BATCH HxW|- CHANNELS
 *     [STEPS] [WARMUP]
 */
public class TrainStepAB {
  public static void main(String[] args) throws Exception {
    File harness = new File(args[0]);
    String model = args[3];
    int batch = Integer.parseInt(args[4]);
    int steps = args.length > 7 ? Integer.parseInt(args[7]) : 10;
    int warmup = args.length > 8 ? Integer.parseInt(args[8]) : 3;
    LongSupplier[] builds = new LongSupplier[2];
    for (int b = 0; b < 2; b++) {
      List<URL> urls = new ArrayList<>();
      urls.add(harness.toURI().toURL());
      File[] jars = new File(args[1 + b], "resnet-cli/target/lib").listFiles((d, n) -> n.endsWith(".jar"));
      if (jars == null || jars.length == 0) {
        throw new IllegalArgumentException(args[1 + b] + ": no resnet-cli/target/lib/*.jar (build it first)");
      }
      for (File jar : jars) {
        urls.add(jar.toURI().toURL());
      }
      ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
      builds[b] = (LongSupplier) loader.loadClass("TrainStepHarness")
          .getConstructor(String.class, int.class, String.class, int.class)
          .newInstance(model, batch, args[5], Integer.parseInt(args[6]));
    }
    double[][] ms = new double[2][steps];
    for (int i = -warmup; i < steps; i++) {
      for (int k = 0; k < 2; k++) {
        int b = (i & 1) == 0 ? k : 1 - k;
        long t = builds[b].getAsLong();
        if (i >= 0) {
          ms[b][i] = t / 1e6;
        }
      }
    }
    double[] median = new double[2];
    for (int b = 0; b < 2; b++) {
      Arrays.sort(ms[b]);
      median[b] = steps % 2 == 1 ? ms[b][steps / 2] : (ms[b][steps / 2 - 1] + ms[b][steps / 2]) / 2;
    }
    System.out.printf(Locale.ROOT, "%s batch %d, medians of %d alternating steps: A %.1f ms (%.1f img/s), "
            + "B %.1f ms (%.1f img/s), B/A time %.3f%n", model, batch, steps, median[0], batch * 1000 / median[0],
        median[1], batch * 1000 / median[1], median[1] / median[0]);
  }
}
