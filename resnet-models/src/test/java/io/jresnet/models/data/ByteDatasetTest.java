package io.jresnet.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteDatasetTest {
  private static final Shape SHAPE = Shape.of(1, 2, 1);

  @Test
  void readsUnsignedBytesAsFloats() {
    ByteDataset data = new ByteDataset(SHAPE, new byte[] {1, (byte) 200, (byte) 255, 0}, new int[] {1, 0},
        List.of("a", "b"));
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
  void rejectsAShapeThatIsNotHwc() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new ByteDataset(Shape.of(2, 1), new byte[2], new int[1], List.of("a")));
    assertEquals("an example shape is [H, W, C] with positive sizes, got " + Shape.of(2, 1), e.getMessage());
  }

  @Test
  void rejectsPixelsOfTheWrongLength() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new ByteDataset(SHAPE, new byte[3], new int[2], List.of("a")));
    assertEquals("2 examples of " + SHAPE + " need 4 bytes, got 3", e.getMessage());
  }

  @Test
  void rejectsALabelOutsideTheClasses() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new ByteDataset(SHAPE, new byte[4], new int[] {0, 2}, List.of("a", "b")));
    assertEquals("example 1 has label 2, outside [0, 2)", e.getMessage());
  }

  @Test
  void rejectsNoClassesAndNullArrays() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new ByteDataset(SHAPE, new byte[0], new int[0], List.of()));
    assertEquals("a data set needs at least one class", e.getMessage());
    var pixels = assertThrows(NullPointerException.class,
        () -> new ByteDataset(SHAPE, null, new int[0], List.of("a")));
    assertEquals("pixels", pixels.getMessage());
    var labels = assertThrows(NullPointerException.class,
        () -> new ByteDataset(SHAPE, new byte[0], null, List.of("a")));
    assertEquals("labels", labels.getMessage());
  }
}
