package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class L1DataCacheTest {
  @TempDir Path dir;

  private void cache(String index, String level, String type, String size) throws IOException {
    Path d = Files.createDirectories(dir.resolve(index));
    Files.writeString(d.resolve("level"), level + "\n");
    Files.writeString(d.resolve("type"), type + "\n");
    Files.writeString(d.resolve("size"), size + "\n");
  }

  @Test
  void findsTheLevelOneDataCacheAmongTheOthers() throws IOException {
    cache("index0", "1", "Instruction", "32K");
    cache("index1", "1", "Data", "48K");
    cache("index2", "2", "Unified", "2048K");
    assertEquals(48 * 1024, L1DataCache.bytes(dir));
  }

  @Test
  void aMachineThatDescribesNoL1DataCacheGivesZero() throws IOException {
    assertEquals(0, L1DataCache.bytes(dir.resolve("missing")));
    cache("index0", "2", "Unified", "1024K");
    assertEquals(0, L1DataCache.bytes(dir));
  }

  @Test
  void anUnreadableSizeNamesItsFile() throws IOException {
    cache("index0", "1", "Data", "lots");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> L1DataCache.bytes(dir));
    assertTrue(e.getMessage().contains(dir.resolve("index0").resolve("size").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("'lots'"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"32K, 32768", "48k, 49152", "1M, 1048576", "65536, 65536", " 32K , 32768"})
  void sizesParseWithTheirUnits(String text, int bytes) {
    assertEquals(bytes, L1DataCache.parseSize(text, dir));
  }

  /** The read-ahead follows the L1 size unless the property says otherwise; a bad value is named. */
  @Test
  void readAheadNeedsAnL1OfAtLeast48KiBUnlessTheSystemPropertyDecides() {
    assertFalse(CpuGemm.readsAhead("auto", 32 * 1024));
    assertTrue(CpuGemm.readsAhead("auto", 48 * 1024));
    assertFalse(CpuGemm.readsAhead("auto", 0));
    assertTrue(CpuGemm.readsAhead("TRUE", 32 * 1024));
    assertFalse(CpuGemm.readsAhead("false", 64 * 1024));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CpuGemm.readsAhead("sometimes", 0));
    assertEquals(
        "system property jresnet.cpu.readAhead is 'sometimes'; expected true, false or auto", e.getMessage());
  }
}
