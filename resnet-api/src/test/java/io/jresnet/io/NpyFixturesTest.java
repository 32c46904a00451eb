package io.jresnet.io;

import static io.jresnet.io.NpyBytes.assertReadFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jresnet.tensor.Shape;
import org.junit.jupiter.api.Test;

/** Reads files that numpy itself wrote. */
class NpyFixturesTest {
  @Test
  void float32Version1() {
    float[] expected = new float[24];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = i / 8f - 1;
    }
    assertEquals(new HostTensor(Shape.of(2, 3, 4), expected), Npy.read(Fixtures.path("v1_f4.npy")));
  }

  @Test
  void uint8BecomesFloat() {
    float[] expected = new float[16];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = i * 17;
    }
    assertEquals(new HostTensor(Shape.of(4, 4), expected), Npy.read(Fixtures.path("v1_u1.npy")));
  }

  @Test
  void float64IsRoundedToNearestFloat32() {
    assertEquals(new HostTensor(Shape.of(2, 2), new float[] {(float) (1.0 / 3), -2.5f, 0f, Float.POSITIVE_INFINITY}),
        Npy.read(Fixtures.path("v1_f8.npy")));
  }

  @Test
  void scalarsEmptyArraysAndVersion2() {
    assertEquals(new HostTensor(Shape.of(), new float[] {2.25f}), Npy.read(Fixtures.path("v1_scalar.npy")));
    assertEquals(new HostTensor(Shape.of(0, 3), new float[0]), Npy.read(Fixtures.path("v1_empty.npy")));
    assertEquals(new HostTensor(Shape.of(3), new float[] {1.5f, -0f, Float.POSITIVE_INFINITY}),
        Npy.read(Fixtures.path("v2_f4.npy")));
  }

  @Test
  void fortranOrderBigEndianAndOtherDtypesAreRefused() {
    assertReadFails(Fixtures.path("fortran.npy"), "the array is stored in Fortran (column-major) order, which is not"
        + " supported; save numpy.ascontiguousarray(a) instead");
    assertReadFails(Fixtures.path("big_endian.npy"), "dtype '>f4' is big-endian, which is not supported; save"
        + " a.astype('<f4') instead");
    assertReadFails(Fixtures.path("int64.npy"), "dtype '<i8' is not supported; supported: '<f4' (float32), '<f8'"
        + " (float64, rounded to float32), '|u1' (uint8)");
  }
}
