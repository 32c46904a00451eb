package io.jresnet.tck;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.backend.Backend;
import io.jresnet.backend.Pool2dParams;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Max, average and global average pools against the reference. Max pools must match exactly (a max rounds
 * nothing) and padded cells must never win: some cases feed all-negative inputs, where a zero read from the
 * padding would show. Average pools run with padding counted and not counted in the divisor, with symmetric and
 * asymmetric padding. Wrong output shapes throw {@link IllegalArgumentException} quoting the expected and actual
 * shapes.
 */
public abstract class PoolContract extends AbstractBackendContract {

  /**
   * One pooling call.
   *
   * @param max max pool when true, average pool otherwise
   * @param offset added to the uniform [-1, 1) input; -3 makes every input negative
   */
  public record PoolCase(String label, boolean max, Shape input, Pool2dParams params, float offset) {
    public Shape outputShape() {
      return Shape.nhwc(input.dim(0), params.outputH(input.dim(1)), params.outputW(input.dim(2)), input.dim(3));
    }

    @Override
    public String toString() {
      Pool2dParams p = params;
      return String.format(
          "%s: %s x%s %dx%d stride %dx%d pad(t%d,b%d,l%d,r%d)%s%s",
          label,
          max ? "max" : "avg",
          input,
          p.kernelH(),
          p.kernelW(),
          p.strideH(),
          p.strideW(),
          p.padTop(),
          p.padBottom(),
          p.padLeft(),
          p.padRight(),
          max ? "" : p.countPadding() ? " counting padding" : " not counting padding",
          offset != 0 ? " inputs offset by " + offset : "");
    }
  }

  private static PoolCase max(String label, Shape input, Pool2dParams p) {
    return new PoolCase(label, true, input, p, 0f);
  }

  private static PoolCase avg(String label, Shape input, Pool2dParams p) {
    return new PoolCase(label, false, input, p, 0f);
  }

  private static Pool2dParams pool(int kh, int kw, int sh, int sw, int t, int b, int l, int r, boolean count) {
    return new Pool2dParams(kh, kw, sh, sw, t, b, l, r, count);
  }

  static Stream<PoolCase> maxPoolCases() {
    return Stream.of(
        max("ResNet stem pool", Shape.nhwc(2, 16, 15, 64), Pool2dParams.square(3, 2, 1)),
        max("stem pool, odd", Shape.nhwc(1, 11, 13, 3), Pool2dParams.square(3, 2, 1)),
        max("Keras stem pool, valid", Shape.nhwc(1, 15, 15, 70), Pool2dParams.square(3, 2, 0)),
        max("2x2/2", Shape.nhwc(3, 8, 9, 17), Pool2dParams.square(2, 2, 0)),
        max("3x3/1 same", Shape.nhwc(1, 5, 5, 128), Pool2dParams.square(3, 1, 1)),
        max("Keras 'same' 2x2/2", Shape.nhwc(2, 7, 7, 5), pool(2, 2, 2, 2, 0, 1, 0, 1, true)),
        max("1x1/2 subsampling", Shape.nhwc(1, 9, 8, 33), Pool2dParams.square(1, 2, 0)),
        max("3x2 stride 1x2", Shape.nhwc(2, 6, 7, 3), pool(3, 2, 1, 2, 1, 0, 1, 1, true)),
        new PoolCase("padding never wins", true, Shape.nhwc(2, 6, 5, 17), Pool2dParams.square(3, 2, 1), -3f),
        new PoolCase(
            "padding never wins, asymmetric", true, Shape.nhwc(1, 5, 5, 3), pool(3, 3, 1, 1, 2, 1, 0, 2, true), -3f));
  }

  static Stream<PoolCase> avgPoolCases() {
    return Stream.of(
        avg("2x2/2 counting", Shape.nhwc(2, 9, 9, 5), Pool2dParams.square(2, 2, 0)),
        avg("3x3/1 same, counting padding", Shape.nhwc(1, 7, 6, 17), pool(3, 3, 1, 1, 1, 1, 1, 1, true)),
        avg("3x3/1 same, not counting padding", Shape.nhwc(1, 7, 6, 17), pool(3, 3, 1, 1, 1, 1, 1, 1, false)),
        avg("Keras 'same' 2x2", Shape.nhwc(2, 3, 3, 70), pool(2, 2, 2, 2, 0, 1, 0, 1, false)),
        avg("asymmetric, counting padding", Shape.nhwc(1, 8, 7, 3), pool(3, 3, 2, 2, 1, 1, 0, 2, true)),
        avg("asymmetric, not counting padding", Shape.nhwc(1, 8, 7, 3), pool(3, 3, 2, 2, 1, 1, 0, 2, false)),
        avg("wide channels", Shape.nhwc(2, 6, 6, 128), Pool2dParams.square(3, 2, 1)),
        avg("3x1 stride 2x1", Shape.nhwc(1, 9, 4, 64), pool(3, 1, 2, 1, 1, 1, 0, 0, false)));
  }

  static Stream<Shape> globalPoolCases() {
    return Stream.of(
        Shape.nhwc(2, 7, 7, 64),
        Shape.nhwc(1, 1, 1, 3),
        Shape.nhwc(3, 5, 9, 17),
        Shape.nhwc(1, 7, 7, 2048),
        Shape.nhwc(2, 3, 2, 130));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("maxPoolCases")
  public void maxPoolMatchesReferenceExactly(PoolCase c) {
    float[] x = input(c);
    assertExact(c, runWindowed(reference(), c, x), runWindowed(underTest(), c, x));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("avgPoolCases")
  public void avgPoolMatchesReference(PoolCase c) {
    float[] x = input(c);
    assertClose(c, runWindowed(reference(), c, x), runWindowed(underTest(), c, x));
  }

  @ParameterizedTest(name = "x{0}")
  @MethodSource("globalPoolCases")
  public void globalAvgPoolMatchesReference(Shape shape) {
    float[] x = uniform(new Random(shape.hashCode()), shape);
    Shape out = Shape.of(shape.dim(0), shape.dim(3));
    float[] expected = runGlobal(reference(), shape, out, x);
    assertClose("globalAvgPool x" + shape, expected, runGlobal(underTest(), shape, out, x));
  }

  private static float[] input(PoolCase c) {
    float[] x = uniform(new Random(c.toString().hashCode()), c.input());
    for (int i = 0; i < x.length; i++) {
      x[i] += c.offset();
    }
    return x;
  }

  private float[] runWindowed(Backend b, PoolCase c, float[] x) {
    Tensor tx = upload(b, x, c.input());
    Tensor y = garbage(b, c.outputShape());
    if (c.max()) {
      b.pool().maxPool2d(tx, c.params(), y);
    } else {
      b.pool().avgPool2d(tx, c.params(), y);
    }
    assertUnchanged(c, "x", x, tx);
    return y.copyToHost();
  }

  private float[] runGlobal(Backend b, Shape in, Shape out, float[] x) {
    Tensor y = garbage(b, out);
    b.pool().globalAvgPool(upload(b, x, in), y);
    return y.copyToHost();
  }

  @Test
  public void wrongOutputShapesAreRejected() {
    Tensor x = own(underTest().allocate(Shape.nhwc(1, 7, 7, 3)));
    Shape wrong = Shape.nhwc(1, 3, 3, 3);
    Tensor y = own(underTest().allocate(wrong));
    Pool2dParams p = Pool2dParams.square(3, 2, 1);
    assertShapeRejected(Shape.nhwc(1, 4, 4, 3), wrong, () -> underTest().pool().maxPool2d(x, p, y));
    assertShapeRejected(Shape.nhwc(1, 4, 4, 3), wrong, () -> underTest().pool().avgPool2d(x, p, y));
    Tensor wrongGlobal = own(underTest().allocate(Shape.of(1, 4)));
    assertShapeRejected(Shape.of(1, 3), Shape.of(1, 4), () -> underTest().pool().globalAvgPool(x, wrongGlobal));
  }

  @Test
  public void tensorsOfAnotherBackendAreRejected() {
    Tensor foreign = upload(reference(), new float[27], Shape.nhwc(1, 3, 3, 3));
    Tensor y = own(underTest().allocate(Shape.nhwc(1, 1, 1, 3)));
    assertThrows(
        IllegalArgumentException.class, () -> underTest().pool().maxPool2d(foreign, Pool2dParams.square(3, 1, 0), y));
  }
}
