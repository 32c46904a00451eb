package io.jresnet.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.backend.Pool2dParams;
import io.jresnet.tensor.Shape;
import org.junit.jupiter.api.Test;

class CudaPoolGeometryTest {
  @Test
  void theStructHoldsTheGeometryInTheKernelsFieldOrder() {
    int[] g = CudaPool.geometry("maxPool2d", "x", Shape.nhwc(2, 112, 112, 64), Pool2dParams.square(3, 2, 1), null,
        "y");
    assertArrayEquals(new int[] {2, 112, 112, 64, 56, 56, 3, 3, 2, 2, 1, 1, 1}, g);
  }

  @Test
  void aWindowThatDoesNotFitIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CudaPool.geometry("avgPool2d", "x", Shape.nhwc(1, 2, 2, 3), Pool2dParams.square(3, 1, 0), null, "y"));
    assertEquals("avgPool2d: the 3x3 window does not fit x [1, 2, 2, 3] with this padding (output would be 0x0)",
        e.getMessage());
  }
}
