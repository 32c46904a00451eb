package io.jresnet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.tensor.Shape;
import org.junit.jupiter.api.Test;

class HostTensorTest {
  @Test
  void rejectsDataOfTheWrongLength() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new HostTensor(Shape.of(2, 3), new float[5]));
    assertTrue(e.getMessage().contains("[2, 3] holds 6 elements but the data has 5"), e.getMessage());
  }

  @Test
  void rankZeroHoldsOneElementAndAZeroDimensionNone() {
    assertEquals(1, new HostTensor(Shape.of(), new float[] {4f}).data().length);
    assertEquals(0, new HostTensor(Shape.of(3, 0), new float[0]).data().length);
    assertThrows(IllegalArgumentException.class, () -> new HostTensor(Shape.of(), new float[0]));
  }

  @Test
  void equalityComparesValuesNotArrays() {
    HostTensor a = new HostTensor(Shape.of(2), new float[] {1f, Float.NaN});
    assertEquals(a, new HostTensor(Shape.of(2), new float[] {1f, Float.NaN}));
    assertEquals(a.hashCode(), new HostTensor(Shape.of(2), new float[] {1f, Float.NaN}).hashCode());
    assertNotEquals(a, new HostTensor(Shape.of(1, 2), new float[] {1f, Float.NaN}));
    assertNotEquals(a, new HostTensor(Shape.of(2), new float[] {1f, 2f}));
    assertEquals("HostTensor[2]", a.toString());
  }
}
