package io.jresnet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Memory figures of a Linux process, from its {@code /proc/PID/status}. */
public final class ProcStatus {
  private ProcStatus() {}

  /** This process's peak resident set size ({@code VmHWM}) in KiB, or empty off Linux. */
  public static OptionalLong peakResidentKib() {
    try {
      return field(Files.readString(Path.of("/proc/self/status")), "VmHWM");
    } catch (IOException e) {
      return OptionalLong.empty();
    }
  }

  /** The value in KiB of a {@code Name:   1234 kB} line of a status file's {@code text}, or empty. */
  static OptionalLong field(String text, String name) {
    for (String line : text.split("\n")) {
      if (line.startsWith(name + ":")) {
        String value = line.substring(name.length() + 1).strip();
        if (value.endsWith("kB")) {
          value = value.substring(0, value.length() - 2).strip();
        }
        try {
          return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
          return OptionalLong.empty();
        }
      }
    }
    return OptionalLong.empty();
  }
}
