package io.jresnet.models.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SplitMix64Test {
  @Test
  void matchesTheReferenceImplementation() {
    // Outputs of Vigna's splitmix64.c for the seeds 0 and 1234567.
    SplitMix64 zero = new SplitMix64(0);
    assertEquals(0xE220A8397B1DCDAFL, zero.nextLong());
    assertEquals(0x6E789E6AA1B965F4L, zero.nextLong());
    SplitMix64 other = new SplitMix64(1234567);
    assertEquals("6457827717110365317", Long.toUnsignedString(other.nextLong()));
    assertEquals("3203168211198807973", Long.toUnsignedString(other.nextLong()));
    assertEquals("9817491932198370423", Long.toUnsignedString(other.nextLong()));
  }

  @Test
  void boundedDrawsAreUniformEnough() {
    SplitMix64 random = new SplitMix64(7);
    int[] counts = new int[6];
    for (int i = 0; i < 60_000; i++) {
      counts[random.nextInt(6)]++;
    }
    for (int c : counts) {
      assertTrue(c > 9_500 && c < 10_500, "count " + c);
    }
  }

  @Test
  void seedsOfNeighbouringStreamsDiffer() {
    long base = SplitMix64.seedOf(1, 2, 3, 4);
    assertEquals(base, SplitMix64.seedOf(1, 2, 3, 4));
    assertNotEquals(base, SplitMix64.seedOf(1, 2, 3, 5));
    assertNotEquals(base, SplitMix64.seedOf(1, 2, 4, 4));
    assertNotEquals(base, SplitMix64.seedOf(1, 3, 3, 4));
    assertNotEquals(base, SplitMix64.seedOf(2, 2, 3, 4));
    assertNotEquals(SplitMix64.seedOf(0, 0, 1, 0), SplitMix64.seedOf(0, 0, 0, 1));
  }
}
