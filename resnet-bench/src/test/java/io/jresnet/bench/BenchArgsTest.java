package io.jresnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BenchArgsTest {
  private static final Map<String, String> DEFAULTS = new TreeMap<>(Map.of("batches", "1,8", "threads", "0"));

  @Test
  void defaultsAndOverrides() {
    BenchArgs args = BenchArgs.parse(new String[] {"--threads", "2"}, DEFAULTS);
    assertEquals(2, args.integer("threads", 0));
    assertEquals(List.of(1, 8), args.integers("batches", 1));
  }

  @Test
  void errorsNameTheOption() {
    assertEquals(
        "unknown option '--thread'; accepted: [--batches, --threads]",
        assertThrows(IllegalArgumentException.class, () -> BenchArgs.parse(new String[] {"--thread", "2"},
            DEFAULTS)).getMessage());
    assertEquals(
        "option '--threads' needs a value",
        assertThrows(IllegalArgumentException.class, () -> BenchArgs.parse(new String[] {"--threads"}, DEFAULTS))
            .getMessage());
    BenchArgs bad = BenchArgs.parse(new String[] {"--threads", "two", "--batches", "1,0"}, DEFAULTS);
    assertEquals("option '--threads' needs an integer, got 'two'",
        assertThrows(IllegalArgumentException.class, () -> bad.integer("threads", 0)).getMessage());
    assertEquals("option '--batches' must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> bad.integers("batches", 1)).getMessage());
  }
}
