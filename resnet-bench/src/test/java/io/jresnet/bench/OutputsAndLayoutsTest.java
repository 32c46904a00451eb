package io.jresnet.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OutputsAndLayoutsTest {
  @Test
  void nhwcToNchwMovesChannelsFirst() {
    // [1, 1, 2, 3]: pixel 0 has channels (0, 1, 2), pixel 1 has (3, 4, 5).
    float[] nchw = Layouts.nhwcToNchw(new float[] {0, 1, 2, 3, 4, 5}, 1, 1, 2, 3);
    assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, nchw);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Layouts.nhwcToNchw(new float[5], 1, 1, 2, 3));
    assertEquals("NHWC data of 5 floats does not match [1, 1, 2, 3]", e.getMessage());
  }

  @Test
  void agreementIsTheNormRelativeError() {
    OutputAgreement a = OutputAgreement.of(new float[] {3, 4.0004f}, new float[] {3, 4});
    assertEquals(0.0004 / 5, a.relativeError(), 1e-7);
    assertEquals(0.0004, a.maxAbsDifference(), 1e-6);
    assertTrue(a.agrees());
    assertFalse(OutputAgreement.of(new float[] {3, 4.01f}, new float[] {3, 4}).agrees());
    assertFalse(OutputAgreement.of(new float[] {Float.NaN}, new float[] {1}).agrees());
    assertTrue(OutputAgreement.of(new float[] {0}, new float[] {0}).agrees());
    assertThrows(IllegalArgumentException.class, () -> OutputAgreement.of(new float[1], new float[2]));
  }

  @Test
  void heapActivityDifferencesAndSums() {
    HeapActivity a = new HeapActivity(100, 1, 5);
    HeapActivity b = new HeapActivity(350, 3, 9);
    assertEquals(new HeapActivity(250, 2, 4), b.since(a));
    assertEquals(new HeapActivity(450, 4, 14), a.plus(b));
    assertEquals(-1, new HeapActivity(-1, 0, 0).since(a).allocatedBytes());
    assertTrue(HeapActivity.now().collections() >= 0);
  }

  @Test
  void bytesWithUnits() {
    assertEquals("0 B", ComparisonTables.bytes(0));
    assertEquals("1.5 KiB", ComparisonTables.bytes(1536));
    assertEquals("3.0 MiB", ComparisonTables.bytes(3 << 20));
    assertEquals("n/a", ComparisonTables.bytes(-1));
  }
}
