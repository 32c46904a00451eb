package io.jresnet.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.backend.Pool2dParams;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import io.jresnet.tensor.TensorScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Pools small enough to work out by hand, and the reference's own argument checks. */
class ReferencePoolKernelsTest {
  private final ReferenceBackend backend = new ReferenceBackend();
  private final TensorScope scope = new TensorScope();

  @AfterEach
  void close() {
    scope.close();
    backend.close();
  }

  private Tensor t(Shape shape, float... data) {
    return scope.own(backend.fromHost(data, shape));
  }

  private Tensor image(int h, int w, float first, float step) {
    float[] data = new float[h * w];
    for (int i = 0; i < data.length; i++) {
      data[i] = first + step * i;
    }
    return t(Shape.nhwc(1, h, w, 1), data);
  }

  private Tensor out(Shape shape) {
    return scope.own(backend.allocate(shape));
  }

  @Test
  void maxPoolTwoByTwo() {
    Tensor y = out(Shape.nhwc(1, 2, 2, 1));
    backend.pool().maxPool2d(image(4, 4, 1, 1), Pool2dParams.square(2, 2, 0), y);
    assertArrayEquals(new float[] {6, 8, 14, 16}, y.copyToHost());
  }

  @Test
  void paddingNeverWinsAMaxOfNegativeValues() {
    Tensor y = out(Shape.nhwc(1, 2, 2, 1));
    backend.pool().maxPool2d(image(3, 3, -1, -1), Pool2dParams.square(3, 2, 1), y); // -1 .. -9
    assertArrayEquals(new float[] {-1, -2, -4, -5}, y.copyToHost());
  }

  @Test
  void averageCountsPaddingOnlyWhenAsked() {
    Tensor x = image(3, 3, 1, 1);
    Tensor counting = out(Shape.nhwc(1, 2, 2, 1));
    backend.pool().avgPool2d(x, new Pool2dParams(3, 3, 2, 2, 1, 1, 1, 1, true), counting);
    assertArrayEquals(new float[] {12 / 9f, 16 / 9f, 24 / 9f, 28 / 9f}, counting.copyToHost());
    Tensor excluding = out(Shape.nhwc(1, 2, 2, 1));
    backend.pool().avgPool2d(x, new Pool2dParams(3, 3, 2, 2, 1, 1, 1, 1, false), excluding);
    assertArrayEquals(new float[] {3, 4, 6, 7}, excluding.copyToHost());
  }

  @Test
  void globalAveragePerChannel() {
    Tensor x = t(Shape.nhwc(2, 1, 2, 2), 1, 10, 3, 30, -1, 0, -2, 4);
    Tensor y = out(Shape.of(2, 2));
    backend.pool().globalAvgPool(x, y);
    assertArrayEquals(new float[] {2, 20, -1.5f, 2}, y.copyToHost());
  }

  @Test
  void paddingAsWideAsTheWindowIsRejected() {
    Tensor y = out(Shape.nhwc(1, 3, 3, 1));
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> backend.pool().maxPool2d(image(3, 3, 1, 1), new Pool2dParams(2, 2, 2, 2, 2, 0, 0, 0, true), y));
    assertEquals(
        "maxPool2d: padding must be smaller than the 2x2 window, got Pool2dParams[kernelH=2, kernelW=2, strideH=2,"
            + " strideW=2, padTop=2, padBottom=0, padLeft=0, padRight=0, countPadding=true]",
        e.getMessage());
  }

  @Test
  void windowLargerThanTheInputIsRejected() {
    Tensor y = out(Shape.nhwc(1, 1, 1, 1));
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> backend.pool().avgPool2d(image(2, 2, 1, 1), Pool2dParams.square(3, 1, 0), y));
    assertEquals("avgPool2d: the 3x3 window does not fit input [1, 2, 2, 1]", e.getMessage());
  }

  @Test
  void globalPoolOutputMustBeBatchByChannels() {
    Tensor y = out(Shape.nhwc(1, 1, 1, 1));
    var e = assertThrows(IllegalArgumentException.class, () -> backend.pool().globalAvgPool(image(2, 2, 1, 1), y));
    assertEquals("globalAvgPool: y has shape [1, 1, 1, 1], expected [1, 1]", e.getMessage());
  }
}
