package io.jresnet.tck;

import io.jresnet.backend.Backend;
import io.jresnet.backend.Pool2dParams;
import io.jresnet.tck.PoolContract.PoolCase;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code maxPool2dBackward}, {@code avgPool2dBackward} and {@code globalAvgPoolBackward} against the reference, on
 * the forward {@link PoolContract}'s geometries (overlapping and non-overlapping windows, symmetric and asymmetric
 * padding, padding counted and not counted, all-negative inputs where a padded zero must never win). Max pools also
 * run on inputs with many ties (values on a coarse grid), where the gradient must go to the first maximum of the
 * window in row-major order, as PyTorch routes it.
 *
 * <p>{@code dx} starts as NaN; cells no window covers must be written as 0. Inputs must come back unchanged. Wrong
 * shapes throw {@link IllegalArgumentException} quoting the expected and actual shapes.
 */
public abstract class PoolBackwardContract extends AbstractBackendContract {

  static Stream<PoolCase> maxPoolCases() {
    return PoolContract.maxPoolCases();
  }

  static Stream<PoolCase> avgPoolCases() {
    return PoolContract.avgPoolCases();
  }

  static Stream<Shape> globalPoolCases() {
    return PoolContract.globalPoolCases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("maxPoolCases")
  public void maxPoolBackwardMatchesReference(PoolCase c) {
    Random random = new Random(c.toString().hashCode());
    float[] x = Tensors.uniform(random, c.input().size(), -1f + c.offset(), 1f + c.offset());
    checkMax(c, x, uniform(random, c.outputShape()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("maxPoolCases")
  public void maxPoolBackwardRoutesTiesToTheFirstMaximum(PoolCase c) {
    Random random = new Random(c.toString().hashCode() + 1);
    float[] x = new float[c.input().size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextInt(3) * 0.5f + c.offset(); // three distinct values: most windows hold ties
    }
    checkMax(c, x, uniform(random, c.outputShape()));
  }

  private void checkMax(PoolCase c, float[] x, float[] dy) {
    float[] expected = runMax(reference(), c, x, dy);
    float[] actual = runMax(underTest(), c, x, dy);
    assertClose(c, expected, actual);
  }

  private float[] runMax(Backend b, PoolCase c, float[] x, float[] dy) {
    Tensor tx = upload(b, x, c.input());
    Tensor tdy = upload(b, dy, c.outputShape());
    Tensor dx = garbage(b, c.input());
    b.pool().maxPool2dBackward(tx, tdy, c.params(), dx);
    assertUnchanged(c, "x", x, tx);
    assertUnchanged(c, "dy", dy, tdy);
    return dx.copyToHost();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("avgPoolCases")
  public void avgPoolBackwardMatchesReference(PoolCase c) {
    float[] dy = uniform(new Random(c.toString().hashCode()), c.outputShape());
    assertClose(c, runAvg(reference(), c, dy), runAvg(underTest(), c, dy));
  }

  private float[] runAvg(Backend b, PoolCase c, float[] dy) {
    Tensor tdy = upload(b, dy, c.outputShape());
    Tensor dx = garbage(b, c.input());
    b.pool().avgPool2dBackward(tdy, c.params(), dx);
    assertUnchanged(c, "dy", dy, tdy);
    return dx.copyToHost();
  }

  @ParameterizedTest(name = "x{0}")
  @MethodSource("globalPoolCases")
  public void globalAvgPoolBackwardMatchesReference(Shape shape) {
    Shape out = Shape.of(shape.dim(0), shape.dim(3));
    float[] dy = uniform(new Random(shape.hashCode()), out);
    float[] expected = runGlobal(reference(), shape, out, dy);
    assertClose("globalAvgPoolBackward dx" + shape, expected, runGlobal(underTest(), shape, out, dy));
  }

  private float[] runGlobal(Backend b, Shape in, Shape out, float[] dy) {
    Tensor dx = garbage(b, in);
    b.pool().globalAvgPoolBackward(upload(b, dy, out), dx);
    return dx.copyToHost();
  }

  @Test
  public void wrongDyShapesAreRejected() {
    Shape in = Shape.nhwc(1, 7, 7, 3);
    Tensor x = own(underTest().allocate(in));
    Tensor dx = own(underTest().allocate(in));
    Shape wrong = Shape.nhwc(1, 3, 3, 3);
    Tensor dy = own(underTest().allocate(wrong));
    Pool2dParams p = Pool2dParams.square(3, 2, 1);
    Shape expected = Shape.nhwc(1, 4, 4, 3);
    assertShapeRejected(expected, wrong, () -> underTest().pool().maxPool2dBackward(x, dy, p, dx));
    assertShapeRejected(expected, wrong, () -> underTest().pool().avgPool2dBackward(dy, p, dx));
    Tensor wrongGlobal = own(underTest().allocate(Shape.of(1, 4)));
    assertShapeRejected(
        Shape.of(1, 3), Shape.of(1, 4), () -> underTest().pool().globalAvgPoolBackward(wrongGlobal, dx));
  }

  @Test
  public void maxPoolBackwardWithDxUnlikeXIsRejected() {
    Shape in = Shape.nhwc(1, 7, 7, 3);
    Shape wrong = Shape.nhwc(1, 7, 6, 3);
    Tensor x = own(underTest().allocate(in));
    Tensor dy = own(underTest().allocate(Shape.nhwc(1, 4, 4, 3)));
    Tensor dx = own(underTest().allocate(wrong));
    assertShapeRejected(
        in, wrong, () -> underTest().pool().maxPool2dBackward(x, dy, Pool2dParams.square(3, 2, 1), dx));
  }
}
