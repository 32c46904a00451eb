package io.jresnet.tck;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.backend.Backend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code dense} against the reference: {@code [N, in] x [in, out] (+ bias)} for classifier heads (2048 to 1000,
 * 64 to 6), odd and tiny sizes, batch 1 and above. Wrong weight, bias or output shapes throw {@link
 * IllegalArgumentException} quoting the expected and actual shapes.
 */
public abstract class DenseContract extends AbstractBackendContract {

  /** One dense call: {@code [n, in] x [in, out]}, with or without bias. */
  public record DenseCase(int n, int in, int out, boolean bias) {
    @Override
    public String toString() {
      return "x[" + n + ", " + in + "] . w[" + in + ", " + out + "]" + (bias ? " +bias" : "");
    }
  }

  static Stream<DenseCase> denseCases() {
    return Stream.of(
        new DenseCase(1, 1, 1, false),
        new DenseCase(1, 1, 1, true),
        new DenseCase(3, 5, 7, true),
        new DenseCase(2, 64, 6, true),
        new DenseCase(4, 17, 33, false),
        new DenseCase(5, 130, 70, true),
        new DenseCase(8, 128, 128, false),
        new DenseCase(1, 512, 10, true),
        new DenseCase(2, 2048, 1000, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("denseCases")
  public void denseMatchesReference(DenseCase c) {
    Random random = new Random(c.toString().hashCode());
    float[] x = Tensors.uniform(random, c.n() * c.in(), -1f, 1f);
    float[] w = Tensors.uniform(random, c.in() * c.out(), -1f, 1f);
    float[] bias = c.bias() ? Tensors.uniform(random, c.out(), -1f, 1f) : null;
    assertClose(c, run(reference(), c, x, w, bias), run(underTest(), c, x, w, bias));
  }

  private float[] run(Backend b, DenseCase c, float[] x, float[] w, float[] bias) {
    Tensor tx = upload(b, x, Shape.of(c.n(), c.in()));
    Tensor y = garbage(b, Shape.of(c.n(), c.out()));
    b.dense()
        .dense(tx, upload(b, w, Shape.of(c.in(), c.out())), uploadOptional(b, bias, Shape.of(c.out())), y);
    assertUnchanged(c, "x", x, tx);
    return y.copyToHost();
  }

  @Test
  public void wrongShapesAreRejected() {
    Tensor x = own(underTest().allocate(Shape.of(2, 5)));
    Tensor w = own(underTest().allocate(Shape.of(5, 3)));
    Tensor y = own(underTest().allocate(Shape.of(2, 3)));
    Tensor wrongW = own(underTest().allocate(Shape.of(4, 3)));
    Tensor wrongBias = own(underTest().allocate(Shape.of(4)));
    Tensor wrongY = own(underTest().allocate(Shape.of(3, 3)));
    assertShapeRejected(Shape.of(5, 3), Shape.of(4, 3), () -> underTest().dense().dense(x, wrongW, null, y));
    assertShapeRejected(Shape.of(3), Shape.of(4), () -> underTest().dense().dense(x, w, wrongBias, y));
    assertShapeRejected(Shape.of(2, 3), Shape.of(3, 3), () -> underTest().dense().dense(x, w, null, wrongY));
  }

  @Test
  public void tensorsOfAnotherBackendAreRejected() {
    Tensor x = own(underTest().allocate(Shape.of(2, 5)));
    Tensor y = own(underTest().allocate(Shape.of(2, 3)));
    Tensor foreignW = upload(reference(), new float[15], Shape.of(5, 3));
    assertThrows(IllegalArgumentException.class, () -> underTest().dense().dense(x, foreignW, null, y));
  }
}
