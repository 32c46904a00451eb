package io.jresnet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What a benchmark ran on, for the header of its report.
 *
 * @param cpu the CPU model (from {@code /proc/cpuinfo}'s {@code model name}, else the OS architecture)
 * @param cores processors available to the JVM
 * @param jdk the Java runtime's version and VM name
 * @param date when, in UTC to the second
 */
public record MachineInfo(String cpu, int cores, String jdk, Instant date) {
  public MachineInfo {
    if (cores < 1) {
      throw new IllegalArgumentException("cores must be >= 1, got " + cores);
    }
  }

  /** This machine, now. */
  public static MachineInfo current() {
    return new MachineInfo(
        cpuModel(Path.of("/proc/cpuinfo")),
        Runtime.getRuntime().availableProcessors(),
        Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
        Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  /** The first {@code model name} of a cpuinfo file, or the OS architecture when there is none. */
  static String cpuModel(Path cpuinfo) {
    try {
      List<String> lines = Files.readAllLines(cpuinfo);
      for (String line : lines) {
        if (line.startsWith("model name")) {
          int colon = line.indexOf(':');
          if (colon >= 0) {
            return line.substring(colon + 1).strip();
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or not readable: the architecture is the best we can say.
    }
    return System.getProperty("os.arch");
  }

  /** One line: {@code machine: CPU, N cores | JDK ... | date}. */
  public String headerLine() {
    return "machine: " + cpu + ", " + cores + " cores | JDK " + jdk + " | " + date;
  }
}
