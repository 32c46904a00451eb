package io.jresnet.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ByteDataset} and {@link FloatDataset}: reading, and every rejection of their shared checks. */
class InMemoryDatasetTest {
  private static final Shape SHAPE = Shape.of(1, 2, 1);

  @Test
  void byteDatasetReadsUnsignedBytesAsFloats() {
    ByteDataset data =
        new ByteDataset(SHAPE, new byte[] {1, (byte) 200, (byte) 255, 0}, new int[] {1, 0}, List.of("a", "b"));
    assertEquals(2, data.size());
    assertEquals(SHAPE, data.exampleShape());
    assertEquals(List.of("a", "b"), data.classNames());
    assertEquals(1, data.label(0));
    assertEquals(0, data.label(1));
    float[] dst = new float[3];
    data.example(1, dst, 1);
    assertArrayEquals(new float[] {0, 255, 0}, dst);
    assertThrows(IndexOutOfBoundsException.class, () -> data.example(2, dst, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> data.example(0, dst, 2));
  }

  @Test
  void floatDatasetCopiesTheStoredFloats() {
    FloatDataset data = new FloatDataset(SHAPE, new float[] {1.5f, -2f, 3f, 4f}, new int[] {1, 0}, List.of("a", "b"));
    assertEquals(2, data.size());
    assertEquals(SHAPE, data.exampleShape());
    assertEquals(List.of("a", "b"), data.classNames());
    assertEquals(1, data.label(0));
    float[] dst = new float[3];
    data.example(0, dst, 1);
    assertArrayEquals(new float[] {0, 1.5f, -2f}, dst);
    assertThrows(IndexOutOfBoundsException.class, () -> data.example(2, dst, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> data.example(0, dst, 2));
  }

  @Test
  void aWrongSampleCountNamesTheUnit() {
    var bytes = assertThrows(IllegalArgumentException.class,
        () -> new ByteDataset(SHAPE, new byte[3], new int[2], List.of("a")));
    assertEquals("2 examples of " + SHAPE + " need 4 bytes, got 3", bytes.getMessage());
    var floats = assertThrows(IllegalArgumentException.class,
        () -> new FloatDataset(SHAPE, new float[5], new int[2], List.of("a")));
    assertEquals("2 examples of " + SHAPE + " need 4 floats, got 5", floats.getMessage());
  }

  @Test
  void nullArraysAreNamed() {
    var pixels = assertThrows(NullPointerException.class,
        () -> new ByteDataset(SHAPE, null, new int[0], List.of("a")));
    assertEquals("pixels", pixels.getMessage());
    var values = assertThrows(NullPointerException.class,
        () -> new FloatDataset(SHAPE, null, new int[0], List.of("a")));
    assertEquals("values", values.getMessage());
    var labels = assertThrows(NullPointerException.class,
        () -> new FloatDataset(SHAPE, new float[0], null, List.of("a")));
    assertEquals("labels", labels.getMessage());
  }

  @Test
  void theShapeIsCheckedFirst() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new ByteDataset(Shape.of(2, 1), null, null, List.of()));
    assertEquals("an example shape is [H, W, C] with positive sizes, got " + Shape.of(2, 1), e.getMessage());
    var zero = assertThrows(IllegalArgumentException.class,
        () -> new FloatDataset(Shape.of(1, 0, 1), new float[0], new int[1], List.of("a")));
    assertEquals("an example shape is [H, W, C] with positive sizes, got " + Shape.of(1, 0, 1), zero.getMessage());
  }

  @Test
  void labelsMustNameAClass() {
    var outside = assertThrows(IllegalArgumentException.class,
        () -> new ByteDataset(SHAPE, new byte[4], new int[] {0, 2}, List.of("a", "b")));
    assertEquals("example 1 has label 2, outside [0, 2)", outside.getMessage());
    var negative = assertThrows(IllegalArgumentException.class,
        () -> new FloatDataset(SHAPE, new float[4], new int[] {-1, 0}, List.of("a")));
    assertEquals("example 0 has label -1, outside [0, 1)", negative.getMessage());
    var none = assertThrows(IllegalArgumentException.class,
        () -> new ByteDataset(SHAPE, new byte[0], new int[0], List.of()));
    assertEquals("a data set needs at least one class", none.getMessage());
  }
}
