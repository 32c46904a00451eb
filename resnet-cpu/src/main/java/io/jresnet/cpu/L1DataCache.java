package io.jresnet.cpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The size of the machine's level-1 data cache, as Linux describes it under {@code
 * /sys/devices/system/cpu/cpu0/cache/index*}: {@code level} 1, {@code type} Data, {@code size} such as {@code 32K}.
 * The GEMM decides from it whether reading a block of streamed weights ahead pays ({@link CpuGemm#READS_AHEAD}).
 */
final class L1DataCache {
  static final Path LINUX_CACHE_DIR = Path.of("/sys/devices/system/cpu/cpu0/cache");

  private L1DataCache() {}

  /** The L1 data cache of CPU 0 in bytes, or 0 where the machine does not say (not Linux, no sysfs). */
  static int bytes() {
    try {
      return bytes(LINUX_CACHE_DIR);
    } catch (UncheckedIOException | IllegalArgumentException e) {
      return 0;
    }
  }

  /**
   * The size of the level-1 data cache described under {@code cacheDir} ({@code index0}, {@code index1}, ...); 0 when
   * the directory is missing or describes none.
   *
   * @throws IllegalArgumentException if that cache's size is not a number with an optional K or M suffix
   */
  static int bytes(Path cacheDir) {
    if (!Files.isDirectory(cacheDir)) {
      return 0;
    }
    try (Stream<Path> entries = Files.list(cacheDir)) {
      for (Path index : entries.filter(p -> p.getFileName().toString().startsWith("index")).sorted().toList()) {
        if ("1".equals(read(index.resolve("level"))) && "Data".equals(read(index.resolve("type")))) {
          return parseSize(read(index.resolve("size")), index.resolve("size"));
        }
      }
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 32K} -> 32768, {@code 1M} -> 1048576, {@code 49152} -> 49152. */
  static int parseSize(String text, Path source) {
    String s = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
    int unit = s.endsWith("K") ? 1024 : s.endsWith("M") ? 1024 * 1024 : 1;
    String digits = unit == 1 ? s : s.substring(0, s.length() - 1);
    try {
      return Math.multiplyExact(Integer.parseInt(digits), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(source + ": cache size '" + text + "' is not a number of bytes, K or M", e);
    }
  }

  /** The file's first line, trimmed; null when it does not exist. */
  private static String read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try (Stream<String> lines = Files.lines(file)) {
      return lines.findFirst().map(String::trim).orElse("");
    }
  }
}
