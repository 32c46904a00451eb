package io.jresnet.tck;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.backend.Backend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ReLU, add, zero padding, softmax, copy and fill against the reference. Data movement (ReLU, zero padding, copy,
 * fill) must be exact; add and softmax are held to {@link #tolerance()}. ReLU, add and softmax also run in place,
 * as the SPI allows. Sizes cover a single element, odd lengths that leave a SIMD tail and wide tensors. Softmax
 * rows include magnitudes near 100 with offsets near 1000, which overflow {@code exp} unless the row maximum is
 * subtracted. Wrong output shapes throw {@link IllegalArgumentException} quoting the expected and actual shapes.
 */
public abstract class ElementwiseContract extends AbstractBackendContract {

  /** An elementwise call on tensors of {@code shape}; {@code inPlace} writes the result over the (first) input. */
  public record ElementwiseCase(Shape shape, boolean inPlace) {
    @Override
    public String toString() {
      return "x" + shape + (inPlace ? " in place" : "");
    }
  }

  /** A zero-padding call. */
  public record PadCase(Shape input, int top, int bottom, int left, int right) {
    public Shape outputShape() {
      return Shape.nhwc(input.dim(0), top + input.dim(1) + bottom, left + input.dim(2) + right, input.dim(3));
    }

    @Override
    public String toString() {
      return "x" + input + " pad(t" + top + ",b" + bottom + ",l" + left + ",r" + right + ")";
    }
  }

  static Stream<ElementwiseCase> elementwiseCases() {
    return Stream.of(
        new ElementwiseCase(Shape.of(1), false),
        new ElementwiseCase(Shape.of(37), true),
        new ElementwiseCase(Shape.nhwc(2, 5, 7, 3), false),
        new ElementwiseCase(Shape.nhwc(1, 9, 9, 64), true),
        new ElementwiseCase(Shape.nhwc(3, 7, 5, 17), false),
        new ElementwiseCase(Shape.nhwc(2, 8, 8, 128), false),
        new ElementwiseCase(Shape.of(4, 1001), true));
  }

  static Stream<PadCase> padCases() {
    return Stream.of(
        new PadCase(Shape.nhwc(2, 8, 8, 3), 3, 3, 3, 3),
        new PadCase(Shape.nhwc(1, 5, 7, 17), 0, 1, 0, 1),
        new PadCase(Shape.nhwc(1, 4, 4, 64), 1, 2, 3, 0),
        new PadCase(Shape.nhwc(3, 3, 2, 1), 0, 0, 0, 0),
        new PadCase(Shape.nhwc(1, 1, 1, 70), 2, 0, 0, 2));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("elementwiseCases")
  public void reluMatchesReferenceExactly(ElementwiseCase c) {
    float[] x = uniform(new Random(c.toString().hashCode()), c.shape());
    x[0] = -0f;
    assertExact("relu " + c, relu(reference(), c, x), relu(underTest(), c, x));
  }

  private float[] relu(Backend b, ElementwiseCase c, float[] x) {
    Tensor tx = upload(b, x, c.shape());
    Tensor y = c.inPlace() ? tx : garbage(b, c.shape());
    b.elementwise().relu(tx, y);
    return y.copyToHost();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("elementwiseCases")
  public void addMatchesReference(ElementwiseCase c) {
    Random random = new Random(c.toString().hashCode());
    float[] a = uniform(random, c.shape());
    float[] b = uniform(random, c.shape());
    for (boolean relu : new boolean[] {false, true}) {
      String label = "add " + c + (relu ? " +relu" : "");
      assertClose(label, add(reference(), c, a, b, relu, false), add(underTest(), c, a, b, relu, false));
      if (c.inPlace()) {
        assertClose(label + " into b", add(reference(), c, a, b, relu, true), add(underTest(), c, a, b, relu, true));
      }
    }
  }

  private float[] add(Backend backend, ElementwiseCase c, float[] a, float[] b, boolean relu, boolean intoB) {
    Tensor ta = upload(backend, a, c.shape());
    Tensor tb = upload(backend, b, c.shape());
    Tensor y = c.inPlace() ? (intoB ? tb : ta) : garbage(backend, c.shape());
    backend.elementwise().add(ta, tb, relu, y);
    return y.copyToHost();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("elementwiseCases")
  public void softmaxMatchesReference(ElementwiseCase c) {
    float[] x = uniform(new Random(c.toString().hashCode()), c.shape());
    assertClose("softmax " + c, softmax(reference(), c, x), softmax(underTest(), c, x));
  }

  @Test
  public void softmaxIsStableForLargeLogits() {
    ElementwiseCase c = new ElementwiseCase(Shape.of(3, 1000), false);
    Random random = new Random(11);
    float[] x = Tensors.uniform(random, c.shape().size(), -100f, 100f);
    for (int i = 0; i < x.length; i++) {
      x[i] += (i / 1000 - 1) * 1000f; // rows centred on -1000, 0 and +1000
    }
    float[] actual = softmax(underTest(), c, x);
    for (float v : actual) {
      assertTrue(Float.isFinite(v), "softmax of large logits must stay finite, got " + v);
    }
    assertClose("softmax of large logits", softmax(reference(), c, x), actual);
  }

  private float[] softmax(Backend b, ElementwiseCase c, float[] x) {
    Tensor tx = upload(b, x, c.shape());
    Tensor y = c.inPlace() ? tx : garbage(b, c.shape());
    b.elementwise().softmax(tx, y);
    return y.copyToHost();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("padCases")
  public void zeroPad2dMatchesReferenceExactly(PadCase c) {
    float[] x = uniform(new Random(c.toString().hashCode()), c.input());
    assertExact("zeroPad2d " + c, zeroPad(reference(), c, x), zeroPad(underTest(), c, x));
  }

  private float[] zeroPad(Backend b, PadCase c, float[] x) {
    Tensor y = garbage(b, c.outputShape());
    b.elementwise().zeroPad2d(upload(b, x, c.input()), c.top(), c.bottom(), c.left(), c.right(), y);
    return y.copyToHost();
  }

  @Test
  public void copyReshapesExactly() {
    Shape from = Shape.nhwc(2, 3, 4, 5);
    Shape to = Shape.of(2, 60);
    float[] x = uniform(new Random(12), from);
    Tensor y = garbage(underTest(), to);
    underTest().elementwise().copy(upload(underTest(), x, from), y);
    assertExact("copy " + from + " -> " + to, x, y.copyToHost());
  }

  @Test
  public void fillSetsEveryElement() {
    Shape shape = Shape.nhwc(3, 5, 7, 17);
    Tensor t = garbage(underTest(), shape);
    underTest().elementwise().fill(t, -2.5f);
    assertExact("fill " + shape, Tensors.filled(shape.size(), -2.5f), t.copyToHost());
  }

  @Test
  public void wrongShapesAreRejected() {
    Shape shape = Shape.nhwc(1, 4, 4, 3);
    Shape wrong = Shape.nhwc(1, 4, 3, 4);
    Tensor x = own(underTest().allocate(shape));
    Tensor y = own(underTest().allocate(wrong));
    assertShapeRejected(shape, wrong, () -> underTest().elementwise().relu(x, y));
    assertShapeRejected(shape, wrong, () -> underTest().elementwise().add(x, x, false, y));
    assertShapeRejected(shape, wrong, () -> underTest().elementwise().add(x, y, false, x));
    assertShapeRejected(shape, wrong, () -> underTest().elementwise().softmax(x, y));
    assertShapeRejected(Shape.nhwc(1, 5, 6, 3), wrong, () -> underTest().elementwise().zeroPad2d(x, 0, 1, 1, 1, y));
    Tensor tooSmall = own(underTest().allocate(Shape.of(47)));
    assertRejected("47", () -> underTest().elementwise().copy(x, tooSmall));
  }

  @Test
  public void tensorsOfAnotherBackendAreRejected() {
    Shape shape = Shape.of(8);
    Tensor mine = own(underTest().allocate(shape));
    Tensor foreign = upload(reference(), new float[8], shape);
    assertThrows(IllegalArgumentException.class, () -> underTest().elementwise().add(mine, foreign, false, mine));
    assertThrows(IllegalArgumentException.class, () -> underTest().elementwise().copy(foreign, mine));
    assertThrows(IllegalArgumentException.class, () -> underTest().elementwise().softmax(mine, foreign));
  }
}
