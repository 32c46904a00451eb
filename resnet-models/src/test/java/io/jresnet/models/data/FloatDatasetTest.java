package io.jresnet.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class FloatDatasetTest {
  private static final Shape SHAPE = Shape.of(1, 2, 1);

  @Test
  void copiesTheStoredFloats() {
    FloatDataset data = new FloatDataset(SHAPE, new float[] {1.5f, -2f, 3f, 4f}, new int[] {1, 0}, List.of("a", "b"));
    assertEquals(2, data.size());
    assertEquals(SHAPE, data.exampleShape());
    assertEquals(List.of("a", "b"), data.classNames());
    assertEquals(1, data.label(0));
    assertEquals(0, data.label(1));
    float[] dst = new float[3];
    data.example(0, dst, 1);
    assertArrayEquals(new float[] {0, 1.5f, -2f}, dst);
    assertThrows(IndexOutOfBoundsException.class, () -> data.example(2, dst, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> data.example(0, dst, 2));
  }

  @Test
  void rejectsAShapeThatIsNotHwc() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new FloatDataset(Shape.of(1, 0, 1), new float[0], new int[1], List.of("a")));
    assertEquals("an example shape is [H, W, C] with positive sizes, got " + Shape.of(1, 0, 1), e.getMessage());
  }

  @Test
  void rejectsValuesOfTheWrongLength() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new FloatDataset(SHAPE, new float[5], new int[2], List.of("a")));
    assertEquals("2 examples of " + SHAPE + " need 4 floats, got 5", e.getMessage());
  }

  @Test
  void rejectsALabelOutsideTheClasses() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new FloatDataset(SHAPE, new float[4], new int[] {-1, 0}, List.of("a")));
    assertEquals("example 0 has label -1, outside [0, 1)", e.getMessage());
  }

  @Test
  void rejectsNoClassesAndNullArrays() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> new FloatDataset(SHAPE, new float[0], new int[0], List.of()));
    assertEquals("a data set needs at least one class", e.getMessage());
    var values = assertThrows(NullPointerException.class,
        () -> new FloatDataset(SHAPE, null, new int[0], List.of("a")));
    assertEquals("values", values.getMessage());
    var labels = assertThrows(NullPointerException.class,
        () -> new FloatDataset(SHAPE, new float[0], null, List.of("a")));
    assertEquals("labels", labels.getMessage());
  }
}
