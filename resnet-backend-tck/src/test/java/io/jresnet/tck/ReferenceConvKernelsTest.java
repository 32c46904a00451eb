package io.jresnet.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.backend.Conv2dParams;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import io.jresnet.tensor.TensorScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Convolutions small enough to work out by hand, and the reference's own argument checks. */
class ReferenceConvKernelsTest {
  /** The 3x3 image 1..9, one channel. */
  private static final float[] NINE = {1, 2, 3, 4, 5, 6, 7, 8, 9};

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

  private Tensor ones(Shape shape) {
    return t(shape, Tensors.filled(shape.size(), 1f));
  }

  private float[] conv(Tensor x, Tensor w, Tensor bias, Conv2dParams p, Tensor residual, boolean relu) {
    Shape s = x.shape();
    Tensor y =
        scope.own(backend.allocate(Shape.nhwc(s.dim(0), p.outputH(s.dim(1)), p.outputW(s.dim(2)), w.shape().dim(3))));
    backend.conv().conv2d(x, w, bias, p, residual, relu, y);
    return y.copyToHost();
  }

  private Tensor nine() {
    return t(Shape.nhwc(1, 3, 3, 1), NINE);
  }

  @Test
  void diagonalDifferenceKernelWithBias() {
    // w = [[1, 0], [0, -1]]: each output is x[i][j] - x[i+1][j+1] = -4, plus a bias of 10.
    Tensor w = t(Shape.of(2, 2, 1, 1), 1, 0, 0, -1);
    float[] y = conv(nine(), w, t(Shape.of(1), 10), Conv2dParams.square(2, 1, 0), null, false);
    assertArrayEquals(new float[] {6, 6, 6, 6}, y);
  }

  @Test
  void samePaddingSumsNeighbourhoods() {
    float[] y = conv(nine(), ones(Shape.of(3, 3, 1, 1)), null, Conv2dParams.square(3, 1, 1), null, false);
    assertArrayEquals(new float[] {12, 21, 16, 27, 45, 33, 24, 39, 28}, y);
  }

  @Test
  void strideTwoPicksEveryOtherWindow() {
    float[] y = conv(nine(), ones(Shape.of(3, 3, 1, 1)), null, Conv2dParams.square(3, 2, 1), null, false);
    assertArrayEquals(new float[] {12, 16, 24, 28}, y);
  }

  @Test
  void asymmetricPaddingPadsBottomAndRightOnly() {
    // Keras 'same' for a 2x2/2 kernel on 3x3: one row and column of zeros after the image.
    Conv2dParams p = new Conv2dParams(2, 2, 2, 2, 0, 1, 0, 1, 1, 1, 1);
    assertArrayEquals(new float[] {12, 9, 15, 9}, conv(nine(), ones(Shape.of(2, 2, 1, 1)), null, p, null, false));
  }

  @Test
  void dilationSpreadsTheKernel() {
    Conv2dParams p = new Conv2dParams(2, 2, 1, 1, 0, 0, 0, 0, 2, 2, 1);
    assertArrayEquals(new float[] {1 + 3 + 7 + 9}, conv(nine(), ones(Shape.of(2, 2, 1, 1)), null, p, null, false));
  }

  @Test
  void groupsKeepChannelsApartWhileOneGroupMixesThem() {
    Tensor x = t(Shape.nhwc(1, 1, 2, 2), 1, 10, 2, 20); // two pixels, channels (1, 10) and (2, 20)
    Tensor w = t(Shape.of(1, 1, 1, 2), 2, 3);
    Conv2dParams grouped = new Conv2dParams(1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 2);
    assertArrayEquals(new float[] {2, 30, 4, 60}, conv(x, w, null, grouped, null, false));
    Tensor mixing = t(Shape.of(1, 1, 2, 1), 2, 3);
    assertArrayEquals(new float[] {32, 64}, conv(x, mixing, null, Conv2dParams.square(1, 1, 0), null, false));
  }

  @Test
  void residualIsAddedBeforeTheRelu() {
    Tensor x = t(Shape.nhwc(1, 1, 3, 1), 1, 2, 3);
    Tensor w = t(Shape.of(1, 1, 1, 1), -1);
    Tensor residual = t(Shape.nhwc(1, 1, 3, 1), 0.5f, 2.5f, 5f);
    Conv2dParams p = Conv2dParams.square(1, 1, 0);
    // -x + 1 + residual = (0.5, 1.5, 3), then ReLU keeps them; without the residual -x + 1 = (0, -1, -2).
    assertArrayEquals(new float[] {0.5f, 1.5f, 3f}, conv(x, w, t(Shape.of(1), 1), p, residual, true));
    assertArrayEquals(new float[] {0, 0, 0}, conv(x, w, t(Shape.of(1), 1), p, null, true));
    assertArrayEquals(new float[] {0, -1, -2}, conv(x, w, t(Shape.of(1), 1), p, null, false));
  }

  @Test
  void outputMayBeTheResidual() {
    Tensor x = t(Shape.nhwc(1, 1, 2, 1), 1, 2);
    Tensor acc = t(Shape.nhwc(1, 1, 2, 1), 10, 20);
    backend.conv().conv2d(x, t(Shape.of(1, 1, 1, 1), 3), null, Conv2dParams.square(1, 1, 0), acc, false, acc);
    assertArrayEquals(new float[] {13, 26}, acc.copyToHost());
  }

  @Test
  void preparedWeightIsAnIndependentCopy() {
    Tensor w = t(Shape.of(1, 1, 1, 1), 3);
    Tensor prepared = scope.own(backend.prepareConvWeight(w, Conv2dParams.square(1, 1, 0)));
    w.copyFromHost(new float[] {5});
    assertArrayEquals(new float[] {3}, prepared.copyToHost());
  }

  @Test
  void prepareRejectsAKernelOfAnotherSize() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> backend.prepareConvWeight(ones(Shape.of(3, 3, 1, 4)), Conv2dParams.square(1, 1, 0)));
    assertEquals(
        "prepareConvWeight: weight has shape [3, 3, 1, 4], expected a 1x1 kernel [kh, kw, cin/groups, cout]",
        e.getMessage());
  }

  @Test
  void windowLargerThanThePaddedInputIsRejected() {
    Tensor w = ones(Shape.of(5, 5, 1, 1));
    Conv2dParams p = Conv2dParams.square(5, 1, 0);
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> backend.conv().conv2d(nine(), w, null, p, null, false, nine()));
    assertEquals(
        "conv2d: the 5x5 window (dilation 1x1) does not fit input [1, 3, 3, 1] with its padding", e.getMessage());
  }

  @Test
  void inputThatIsNotNhwcIsRejected() {
    Tensor flat = t(Shape.of(9), NINE);
    Tensor w = ones(Shape.of(1, 1, 1, 1));
    Conv2dParams p = Conv2dParams.square(1, 1, 0);
    var e =
        assertThrows(IllegalArgumentException.class, () -> backend.conv().conv2d(flat, w, null, p, null, false, flat));
    assertEquals("conv2d: x must be NHWC [N, H, W, Cin], got shape [9]", e.getMessage());
  }

  @Test
  void missingInputsAndParamsAreRejected() {
    Tensor w = ones(Shape.of(1, 1, 1, 1));
    var noX =
        assertThrows(
            IllegalArgumentException.class,
            () -> backend.conv().conv2d(null, w, null, Conv2dParams.square(1, 1, 0), null, false, nine()));
    assertEquals("conv2d: x must not be null", noX.getMessage());
    Tensor x = nine();
    var noParams =
        assertThrows(IllegalArgumentException.class, () -> backend.conv().conv2d(x, w, null, null, null, false, x));
    assertEquals("conv2d: params must not be null", noParams.getMessage());
  }
}
