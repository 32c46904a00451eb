package io.jresnet.tck;

import io.jresnet.backend.Backend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code denseBackwardData} and {@code denseBackwardWeight} against the reference, for batch 1 to 9 and odd feature
 * counts (a classifier head's 2048 inputs included), with and without {@code dBias}. Outputs start as NaN. Wrong
 * shapes throw {@link IllegalArgumentException} quoting the expected and actual shapes.
 */
public abstract class DenseBackwardContract extends AbstractBackendContract {

  /** A layer {@code [n, in] -> [n, out]}; {@code bias} says whether {@code dBias} is asked for. */
  public record DenseCase(int n, int in, int out, boolean bias) {
    @Override
    public String toString() {
      return "x[" + n + ", " + in + "] -> " + out + (bias ? " +dBias" : "");
    }
  }

  static Stream<DenseCase> denseCases() {
    return Stream.of(
        new DenseCase(1, 1, 1, true),
        new DenseCase(3, 17, 5, true),
        new DenseCase(9, 33, 10, false),
        new DenseCase(2, 2048, 6, true),
        new DenseCase(5, 70, 130, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("denseCases")
  public void backwardMatchesReference(DenseCase c) {
    Random random = new Random(c.toString().hashCode());
    float[] x = Tensors.uniform(random, c.n() * c.in(), -1f, 1f);
    float[] w = Tensors.uniform(random, c.in() * c.out(), -1f, 1f);
    float[] dy = Tensors.uniform(random, c.n() * c.out(), -1f, 1f);
    float[][] expected = run(reference(), c, x, w, dy);
    float[][] actual = run(underTest(), c, x, w, dy);
    assertClose(c + " dx", expected[0], actual[0]);
    assertClose(c + " dWeight", expected[1], actual[1]);
    if (c.bias()) {
      assertClose(c + " dBias", expected[2], actual[2]);
    }
  }

  private float[][] run(Backend b, DenseCase c, float[] x, float[] w, float[] dy) {
    Tensor tx = upload(b, x, Shape.of(c.n(), c.in()));
    Tensor tw = upload(b, w, Shape.of(c.in(), c.out()));
    Tensor tdy = upload(b, dy, Shape.of(c.n(), c.out()));
    Tensor dx = garbage(b, tx.shape());
    Tensor dw = garbage(b, tw.shape());
    Tensor db = c.bias() ? garbage(b, Shape.of(c.out())) : null;
    b.dense().denseBackwardData(tdy, tw, dx);
    b.dense().denseBackwardWeight(tx, tdy, dw, db);
    assertUnchanged(c, "dy", dy, tdy);
    assertUnchanged(c, "x", x, tx);
    return new float[][] {dx.copyToHost(), dw.copyToHost(), db == null ? null : db.copyToHost()};
  }

  @Test
  public void wrongShapesAreRejected() {
    Tensor x = own(underTest().allocate(Shape.of(3, 7)));
    Tensor w = own(underTest().allocate(Shape.of(7, 4)));
    Tensor dy = own(underTest().allocate(Shape.of(3, 4)));
    Tensor wrongDx = own(underTest().allocate(Shape.of(3, 6)));
    assertShapeRejected(Shape.of(3, 7), Shape.of(3, 6), () -> underTest().dense().denseBackwardData(dy, w, wrongDx));
    Tensor wrongDw = own(underTest().allocate(Shape.of(4, 7)));
    assertShapeRejected(
        Shape.of(7, 4), Shape.of(4, 7), () -> underTest().dense().denseBackwardWeight(x, dy, wrongDw, null));
    Tensor wrongDb = own(underTest().allocate(Shape.of(5)));
    assertShapeRejected(Shape.of(4), Shape.of(5), () -> underTest().dense().denseBackwardWeight(x, dy, w, wrongDb));
  }
}
