package io.jresnet.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.tensor.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GoldenNpyTest {
  private static byte[] npy(String header, float... values) {
    byte[] h = header.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer buf = ByteBuffer.allocate(10 + h.length + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length).put(h);
    for (float v : values) {
      buf.putFloat(v);
    }
    return buf.array();
  }

  @Test
  void readsLittleEndianFloat32InCOrder() {
    GoldenNpy npy =
        GoldenNpy.parse("t.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1), }\n", 1.5f, -2f));
    assertEquals(Shape.of(2, 1), npy.shape());
    assertArrayEquals(new float[] {1.5f, -2f}, npy.data());
  }

  @Test
  void readsOneDimensionalShapes() {
    GoldenNpy npy = GoldenNpy.parse("t.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", 1, 2, 3));
    assertEquals(Shape.of(3), npy.shape());
  }

  @Test
  void rejectsOtherDtypesNamingTheFile() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GoldenNpy.parse("t.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", 1, 2)));
    assertTrue(e.getMessage().startsWith("t.npy: dtype <f8"), e.getMessage());
  }

  @Test
  void rejectsFortranOrderAndWrongLengths() {
    var fortran =
        assertThrows(
            IllegalArgumentException.class,
            () -> GoldenNpy.parse("f.npy", npy("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", 1)));
    assertTrue(fortran.getMessage().contains("Fortran"), fortran.getMessage());
    var length =
        assertThrows(
            IllegalArgumentException.class,
            () -> GoldenNpy.parse("l.npy", npy("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", 1)));
    assertTrue(length.getMessage().contains("4 data bytes, expected 12"), length.getMessage());
  }
}
