package io.jresnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.backend.Conv2dParams;
import io.jresnet.tensor.Shape;
import org.junit.jupiter.api.Test;

class ConvShapeTest {
  @Test
  void shapesAndFlops() {
    ConvShape stem = ConvShape.square("conv1", 2, 224, 3, 64, 7, 2, 3);
    assertEquals(Shape.nhwc(2, 224, 224, 3), stem.inputShape());
    assertEquals(Shape.of(7, 7, 3, 64), stem.weightShape());
    assertEquals(Shape.nhwc(2, 112, 112, 64), stem.outputShape());
    assertEquals(2.0 * 7 * 7 * 3 * 2 * 112 * 112 * 64, stem.flops());
    assertEquals("25088x64x147", stem.gemmDims());
    assertEquals(ConvFamily.STEM, stem.family());
  }

  @Test
  void everyCatalogFamilyIsItsOwn() {
    for (ConvFamily family : ConvFamily.values()) {
      assertEquals(family, ConvCatalog.representative(family, 1).family(), family.name());
    }
    ConvShape depthwise = ConvCatalog.representative(ConvFamily.DEPTHWISE, 1);
    assertEquals(2.0 * 9 * 56 * 56 * 128, depthwise.flops());
  }

  @Test
  void rejectsShapesThatCannotRun() {
    IllegalArgumentException groups =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ConvShape("g", 1, 8, 8, 6, 4, new Conv2dParams(1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 4)));
    assertEquals("g: groups=4 must divide input channels 6 and filters 4", groups.getMessage());
    IllegalArgumentException window =
        assertThrows(IllegalArgumentException.class, () -> ConvShape.square("w", 1, 2, 3, 4, 7, 1, 0));
    assertEquals("w: a 7x7 window does not fit a 2x2 input", window.getMessage());
  }
}
