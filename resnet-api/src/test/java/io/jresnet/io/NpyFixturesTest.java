package io.jresnet.io;

import static io.jresnet.io.NpyBytes.assertReadFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jresnet.tensor.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  }

  @Test
  void int64BecomesFloat() {
    assertEquals(new HostTensor(Shape.of(4), new float[] {0, 1, 2, 3}), Npy.read(Fixtures.path("int64.npy")));
  }

  @Test
  void int32AndNegativeInt64BecomeFloat(@TempDir Path dir) throws IOException {
    ByteBuffer i4 = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(7).putInt(-3).putInt(1 << 24);
    Path int32 = NpyBytes.write(dir.resolve("i4.npy"), 1, NpyBytes.header("<i4", "(3,)"), i4.array());
    assertEquals(new HostTensor(Shape.of(3), new float[] {7, -3, 1 << 24}), Npy.read(int32));
    ByteBuffer i8 = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-9).putLong(5_000_000_000L);
    Path int64 = NpyBytes.write(dir.resolve("i8.npy"), 1, NpyBytes.header("<i8", "(2,)"), i8.array());
    assertEquals(new HostTensor(Shape.of(2), new float[] {-9, 5e9f}), Npy.read(int64));
    assertReadFails(NpyBytes.write(dir.resolve("i2.npy"), 1, NpyBytes.header("<i2", "(1,)"), new byte[2]),
        "dtype '<i2' is not supported; supported: '<f4' (float32), '<f8' (float64, rounded to float32), '|u1'"
            + " (uint8), '<i4' (int32), '<i8' (int64; integers as float32, exact up to 2^24)");
  }
}
