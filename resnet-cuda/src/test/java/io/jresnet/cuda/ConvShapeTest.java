package io.jresnet.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.backend.Conv2dParams;
import io.jresnet.cuda.ffi.CudnnConvolution.Direction;
import io.jresnet.tensor.Shape;
import org.junit.jupiter.api.Test;

class ConvShapeTest {
  private static ConvShape shape(Shape x, Shape w, Conv2dParams p) {
    return ConvShape.of("conv2d", "x", x, "weight", w, p);
  }

  @Test
  void symmetricPaddingGoesToCudnn() {
    ConvShape s = shape(Shape.nhwc(2, 56, 56, 64), Shape.of(3, 3, 64, 128), Conv2dParams.square(3, 2, 1));
    assertTrue(s.symmetricPadding());
    assertEquals(1, s.cudnnPadH());
    assertEquals(1, s.cudnnPadW());
    assertEquals(Shape.nhwc(2, 56, 56, 64), s.paddedInputShape());
    assertEquals(Shape.nhwc(2, 28, 28, 128), s.outputShape());
    assertEquals(2L * 28 * 28, s.outputRows());
  }

  @Test
  void asymmetricPaddingIsAppliedExplicitly() {
    // Keras 'same' for a 4x4 kernel at stride 1 pads 1 on top/left and 2 on bottom/right.
    Conv2dParams p = new Conv2dParams(4, 4, 1, 1, 1, 2, 1, 2, 1, 1, 1);
    ConvShape s = shape(Shape.nhwc(1, 8, 8, 3), Shape.of(4, 4, 3, 5), p);
    assertFalse(s.symmetricPadding());
    assertEquals(0, s.cudnnPadH());
    assertEquals(Shape.nhwc(1, 11, 11, 3), s.paddedInputShape());
    assertEquals(Shape.nhwc(1, 8, 8, 5), s.outputShape());
  }

  @Test
  void groupsSplitTheInputChannels() {
    ConvShape s = shape(Shape.nhwc(1, 4, 4, 8), Shape.of(3, 3, 2, 8), new Conv2dParams(3, 3, 1, 1, 1, 1, 1, 1, 1, 1,
        4));
    assertEquals(2, s.cinPerGroup());
    assertEquals(Shape.of(3, 3, 2, 8), s.weightShape());
  }

  @Test
  void badShapesAreRejectedNamingTheKernelAndArguments() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> shape(Shape.nhwc(1, 4, 4, 6), Shape.of(3, 3, 6, 8), new Conv2dParams(3, 3, 1, 1, 0, 0, 0, 0, 1, 1, 4)));
    assertEquals("conv2d: groups=4 does not divide the 6 channels of x [1, 4, 4, 6]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> shape(Shape.nhwc(1, 4, 4, 6), Shape.of(3, 3, 5, 8), Conv2dParams.square(3, 1, 1)));
    assertEquals("conv2d: weight has shape [3, 3, 5, 8], expected [3, 3, 6, 8] (x has 6 channels, groups=1)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> shape(Shape.nhwc(1, 2, 2, 6), Shape.of(5, 5, 6, 8), Conv2dParams.square(5, 1, 0)));
    assertEquals("conv2d: the 5x5 window does not fit x [1, 2, 2, 6] with this padding and dilation (output would"
        + " be 0x0)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> shape(Shape.nhwc(1, 4, 4, 6), Shape.of(1, 1, 6, 8), Conv2dParams.square(3, 1, 1)));
    assertEquals("conv2d: weight [1, 1, 6, 8] is a 1x1 kernel but params say 3x3", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> shape(Shape.of(4, 4, 6), Shape.of(1, 1, 6, 8), Conv2dParams.square(1, 1, 0)));
    assertEquals("conv2d: x must be NHWC (rank 4), got shape [4, 4, 6]", e.getMessage());
  }

  @Test
  void algorithmKeysTellShapesPassesAndMathApart() {
    ConvShape a = shape(Shape.nhwc(8, 14, 14, 256), Shape.of(1, 1, 256, 1024), Conv2dParams.square(1, 1, 0));
    ConvShape same = shape(Shape.nhwc(8, 14, 14, 256), Shape.of(1, 1, 256, 1024), Conv2dParams.square(1, 1, 0));
    ConvShape otherBatch = shape(Shape.nhwc(4, 14, 14, 256), Shape.of(1, 1, 256, 1024), Conv2dParams.square(1, 1, 0));
    assertEquals(new ConvAlgorithmKey(a, Direction.FORWARD, false), new ConvAlgorithmKey(same, Direction.FORWARD,
        false));
    assertEquals(new ConvAlgorithmKey(a, Direction.FORWARD, false).hashCode(),
        new ConvAlgorithmKey(same, Direction.FORWARD, false).hashCode());
    assertNotEquals(new ConvAlgorithmKey(a, Direction.FORWARD, false),
        new ConvAlgorithmKey(otherBatch, Direction.FORWARD, false));
    assertNotEquals(new ConvAlgorithmKey(a, Direction.FORWARD, false),
        new ConvAlgorithmKey(a, Direction.BACKWARD_DATA, false));
    assertNotEquals(new ConvAlgorithmKey(a, Direction.FORWARD, false), new ConvAlgorithmKey(a, Direction.FORWARD,
        true));
  }
}
