package io.jresnet.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jresnet.backend.Backend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The elementwise training kernels against the reference: {@code reluBackward} (exact; zeros in {@code y} block
 * the gradient), {@code zeroPad2dBackward} (exact crop, symmetric and asymmetric), {@code axpy} (in float32
 * tolerance, several alphas), {@code sumOfSquares} (relative 1e-6 against the double reference: the SPI returns a
 * double) and {@code countNonFinite} (exact, with NaN, +Inf and -Inf planted at the first, a middle and the last
 * element). Element counts are odd and not multiples of a vector width, from 1 to a few thousand.
 */
public abstract class ElementwiseBackwardContract extends AbstractBackendContract {
  /** Sizes with every remainder modulo 8 and 16, including a single element. */
  static Stream<Shape> shapes() {
    return Stream.of(
        Shape.of(1), Shape.of(7), Shape.of(17), Shape.nhwc(2, 5, 3, 3), Shape.nhwc(1, 9, 7, 33), Shape.of(3, 1031));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  public void reluBackwardMatchesReferenceExactly(Shape shape) {
    Random random = new Random(shape.hashCode());
    float[] y = uniform(random, shape);
    for (int i = 0; i < y.length; i += 3) {
      y[i] = Math.max(y[i], 0f); // a ReLU's output: zeros as well as negatives must block
    }
    float[] dy = uniform(random, shape);
    float[] expected = reluBackward(reference(), shape, y, dy);
    assertExact("reluBackward " + shape, expected, reluBackward(underTest(), shape, y, dy));
  }

  private float[] reluBackward(Backend b, Shape shape, float[] y, float[] dy) {
    Tensor dx = garbage(b, shape);
    b.elementwise().reluBackward(upload(b, y, shape), upload(b, dy, shape), dx);
    return dx.copyToHost();
  }

  static Stream<int[]> paddings() {
    return Stream.of(
        new int[] {1, 1, 1, 1}, new int[] {0, 1, 0, 1}, new int[] {3, 0, 2, 1}, new int[] {0, 0, 0, 0});
  }

  @ParameterizedTest(name = "pad t/b/l/r {0}")
  @MethodSource("paddings")
  public void zeroPad2dBackwardCropsExactly(int[] pad) {
    Shape dxShape = Shape.nhwc(2, 5, 4, 17);
    Shape dyShape = Shape.nhwc(2, 5 + pad[0] + pad[1], 4 + pad[2] + pad[3], 17);
    float[] dy = uniform(new Random(dyShape.hashCode()), dyShape);
    float[] expected = crop(reference(), dy, dyShape, dxShape, pad);
    assertExact("zeroPad2dBackward " + dyShape, expected, crop(underTest(), dy, dyShape, dxShape, pad));
  }

  private float[] crop(Backend b, float[] dy, Shape dyShape, Shape dxShape, int[] pad) {
    Tensor dx = garbage(b, dxShape);
    b.elementwise().zeroPad2dBackward(upload(b, dy, dyShape), pad[0], pad[1], pad[2], pad[3], dx);
    return dx.copyToHost();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  public void axpyMatchesReference(Shape shape) {
    Random random = new Random(shape.hashCode());
    float[] x = uniform(random, shape);
    float[] y = uniform(random, shape);
    for (float alpha : new float[] {1f, -0.5f, 3.25f, 0f}) {
      float[] expected = axpy(reference(), alpha, x, y, shape);
      assertClose("axpy alpha " + alpha + " " + shape, expected, axpy(underTest(), alpha, x, y, shape));
    }
  }

  private float[] axpy(Backend b, float alpha, float[] x, float[] y, Shape shape) {
    Tensor tx = upload(b, x, shape);
    Tensor ty = upload(b, y, shape);
    b.elementwise().axpy(alpha, tx, ty);
    assertUnchanged("axpy", "x", x, tx);
    return ty.copyToHost();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  public void sumOfSquaresMatchesReference(Shape shape) {
    float[] t = Tensors.uniform(new Random(shape.hashCode()), shape.size(), -3f, 3f);
    double expected = reference().elementwise().sumOfSquares(upload(reference(), t, shape));
    double actual = underTest().elementwise().sumOfSquares(upload(underTest(), t, shape));
    assertEquals(expected, actual, 1e-6 * expected, () -> "sumOfSquares " + shape);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  public void countNonFiniteMatchesReference(Shape shape) {
    float[] t = uniform(new Random(shape.hashCode()), shape);
    long finite = underTest().elementwise().countNonFinite(upload(underTest(), t, shape));
    assertEquals(0, finite, () -> "all finite " + shape);
    t[0] = Float.NaN;
    t[t.length / 2] = Float.POSITIVE_INFINITY;
    t[t.length - 1] = Float.NEGATIVE_INFINITY;
    long expected = reference().elementwise().countNonFinite(upload(reference(), t, shape));
    long actual = underTest().elementwise().countNonFinite(upload(underTest(), t, shape));
    assertEquals(expected, actual, () -> "planted NaN, +Inf and -Inf in " + shape);
  }

  @Test
  public void mismatchedShapesAreRejected() {
    Tensor a = own(underTest().allocate(Shape.of(3, 5)));
    Tensor b = own(underTest().allocate(Shape.of(3, 4)));
    Tensor c = own(underTest().allocate(Shape.of(3, 4)));
    assertShapeRejected(Shape.of(3, 5), Shape.of(3, 4), () -> underTest().elementwise().reluBackward(a, b, c));
    assertRejected("15", () -> underTest().elementwise().axpy(1f, a, b));
    Tensor padded = own(underTest().allocate(Shape.nhwc(1, 5, 5, 2)));
    Tensor wrong = own(underTest().allocate(Shape.nhwc(1, 4, 4, 2)));
    assertShapeRejected(
        Shape.nhwc(1, 6, 6, 2),
        Shape.nhwc(1, 5, 5, 2),
        () -> underTest().elementwise().zeroPad2dBackward(padded, 1, 1, 1, 1, wrong));
  }
}
