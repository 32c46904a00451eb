package io.jresnet.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Peak resident memory of each framework alone: a child JVM per framework ({@link PeakMemoryProbe}), started with
 * this JVM's class path and the same heap and GC flags for both, that loads the model, runs some forwards and
 * reports its {@code VmHWM}.
 */
public final class PeakMemory {
  private static final long TIMEOUT_MINUTES = 10;

  private PeakMemory() {}

  /**
   * The JVM flags both children get: {@code --add-modules jdk.incubator.vector}, native access for ONNX Runtime's
   * library (without it JDK 25 warns), and this JVM's own heap and GC flags ({@code -Xm*}, {@code -XX:*}), so that
   * neither child gets a heap the other does not.
   */
  public static List<String> childJvmFlags() {
    List<String> flags =
        new ArrayList<>(List.of("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"));
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("-Xmx") || arg.startsWith("-Xms") || arg.startsWith("-Xss") || arg.startsWith("-XX:")) {
        flags.add(arg);
      }
    }
    return List.copyOf(flags);
  }

  /**
   * One set of flags both children run with: this JVM's own, or those plus {@code extraFlags}.
   *
   * @param name how the report names it, e.g. {@code "G1 (this JVM's default)"}
   */
  public record GcConfiguration(String name, List<String> extraFlags) {
    public GcConfiguration {
      extraFlags = List.copyOf(extraFlags);
    }
  }

  /**
   * The GC configurations the peak is measured under: this JVM's (the default collector unless its flags chose one),
   * and, when its flags chose none, the serial collector too. Peak RSS depends on the collector more than on either
   * framework: G1 sizes its young generation from the allocation rate, and the Vector API's interpreted warm-up
   * allocates gigabytes of short-lived boxes before C2 compiles the kernels, so G1 commits far more heap than it
   * keeps live; the serial collector (what the JVM picks by itself on one CPU or under 1792 MB) grows the heap only
   * as far as the live set needs. With a {@code heapCap}, also this JVM's collector under that {@code -Xmx} (unless
   * its flags set one): what a service sized for the model holds.
   */
  public static List<GcConfiguration> gcConfigurations(String heapCap) {
    return gcConfigurations(heapCap, childJvmFlags(), currentCollector());
  }

  /** {@link #gcConfigurations(String)} for a JVM with {@code flags} running {@code current}. */
  static List<GcConfiguration> gcConfigurations(String heapCap, List<String> flags, String current) {
    List<GcConfiguration> configurations = new ArrayList<>();
    boolean chosen = flags.stream().anyMatch(f -> f.matches("-XX:\\+Use\\w+GC"));
    configurations.add(new GcConfiguration(current + (chosen ? " (chosen by flag)" : " (the JVM's default)"),
        List.of()));
    if (!chosen && !current.equals("Serial")) {
      configurations.add(new GcConfiguration("Serial (-XX:+UseSerialGC)", List.of("-XX:+UseSerialGC")));
    }
    boolean capped = flags.stream().anyMatch(f -> f.startsWith("-Xmx"));
    if (!heapCap.isEmpty() && !capped) {
      configurations.add(
          new GcConfiguration(current + ", heap capped (-Xmx" + heapCap + ")", List.of("-Xmx" + heapCap)));
    }
    return List.copyOf(configurations);
  }

  /** The collector this JVM runs, from its MXBeans: "G1", "Serial", "Parallel", "ZGC", "Shenandoah" or the bean name. */
  static String currentCollector() {
    List<String> names =
        ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList();
    String all = String.join(" ", names);
    if (all.contains("G1")) {
      return "G1";
    }
    if (all.contains("ZGC")) {
      return "ZGC";
    }
    if (all.contains("Shenandoah")) {
      return "Shenandoah";
    }
    if (all.contains("PS ")) {
      return "Parallel";
    }
    if (all.contains("Copy") || all.contains("MarkSweepCompact")) {
      return "Serial";
    }
    return names.isEmpty() ? "unknown" : names.getFirst();
  }

  /**
   * Runs the jresnet and the ONNX Runtime probe at once (peak memory does not depend on sharing the cores, and the
   * wait halves) and returns their peak resident set sizes in KiB, jresnet's first.
   *
   * @param onnx the exported model (read by the onnxruntime probe only)
   * @param extraFlags JVM flags both children get after {@link #childJvmFlags()}
   * @throws IllegalStateException when a child fails, with its output
   */
  public static long[] measureBoth(
      String model, int size, int batch, int forwards, int threads, Path onnx, List<String> extraFlags) {
    List<String> engines = List.of("jresnet", "onnxruntime");
    List<Process> children = new ArrayList<>();
    try {
      for (String engine : engines) {
        children.add(start(engine, model, size, batch, forwards, threads, onnx, extraFlags));
      }
      long[] peaks = new long[engines.size()];
      for (int i = 0; i < peaks.length; i++) {
        peaks[i] = finish(engines.get(i), children.get(i));
      }
      return peaks;
    } finally {
      children.forEach(Process::destroy);
    }
  }

  private static Process start(
      String engine, String model, int size, int batch, int forwards, int threads, Path onnx,
      List<String> extraFlags) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin",
        "java").toString()));
    command.addAll(childJvmFlags());
    command.addAll(extraFlags);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), PeakMemoryProbe.class.getName()));
    command.addAll(
        List.of("--engine", engine, "--model", model, "--size", Integer.toString(size), "--batch",
            Integer.toString(batch), "--forwards", Integer.toString(forwards), "--threads", Integer.toString(threads),
            "--onnx", onnx.toString()));
    try {
      return new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("could not start the " + engine + " memory probe: " + e.getMessage(), e);
    }
  }

  private static long finish(String engine, Process child) {
    try {
      byte[] output = child.getInputStream().readAllBytes();
      if (!child.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        throw new IllegalStateException("the " + engine + " memory probe did not finish in " + TIMEOUT_MINUTES
            + " minutes");
      }
      return parsePeak(engine, child.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("could not read the " + engine + " memory probe: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the " + engine + " memory probe", e);
    }
  }

  /** The KiB of the probe's {@code VmHWM_kB=} line; a failed child's output goes into the message. */
  static long parsePeak(String engine, int exitCode, String output) {
    if (exitCode == 0) {
      for (String line : output.split("\n")) {
        if (line.startsWith(PeakMemoryProbe.PEAK_PREFIX)) {
          long kib = Long.parseLong(line.substring(PeakMemoryProbe.PEAK_PREFIX.length()).strip());
          if (kib > 0) {
            return kib;
          }
          throw new IllegalStateException("the " + engine + " memory probe could not read /proc/self/status");
        }
      }
    }
    throw new IllegalStateException(
        "the " + engine + " memory probe failed (exit " + exitCode + "):\n" + output.strip());
  }
}
