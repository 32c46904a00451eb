package io.jresnet.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * {@code softmaxCrossEntropy} against the reference: batch 1 to 33, 2 to 1000 classes, label smoothing 0, 0.1 and
 * 0.5, logits of scale 1 to 1e4 (a fused, max-subtracted log-sum-exp keeps the loss and gradient finite where a
 * naive softmax overflows). The loss must agree within the tolerance, {@code dLogits} and {@code probabilities}
 * too; each output is optional and is asked for alone as well. Outputs start as NaN. Bad labels and mismatched
 * shapes throw {@link IllegalArgumentException} naming the problem.
 */
public abstract class LossContract extends AbstractBackendContract {

  /** One loss call: {@code logits [n, classes]} drawn uniformly from {@code [-scale, scale)}. */
  public record LossCase(int n, int classes, float smoothing, float scale) {
    @Override
    public String toString() {
      return "logits[" + n + ", " + classes + "] scale " + scale + " smoothing " + smoothing;
    }
  }

  static Stream<LossCase> lossCases() {
    return Stream.of(
        new LossCase(1, 2, 0f, 1f),
        new LossCase(4, 6, 0f, 3f),
        new LossCase(4, 6, 0.1f, 3f),
        new LossCase(33, 10, 0.1f, 5f),
        new LossCase(3, 1000, 0.5f, 2f),
        new LossCase(5, 17, 0f, 1e4f),
        new LossCase(5, 17, 0.1f, 1e4f));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lossCases")
  public void lossAndGradientMatchReference(LossCase c) {
    Random random = new Random(c.toString().hashCode());
    float[] logits = Tensors.uniform(random, c.n() * c.classes(), -c.scale(), c.scale());
    int[] labels = random.ints(c.n(), 0, c.classes()).toArray();
    Result expected = run(reference(), c, logits, labels, true, true);
    Result actual = run(underTest(), c, logits, labels, true, true);
    assertTrue(Double.isFinite(actual.loss), () -> c + ": loss is " + actual.loss);
    double lossTolerance = tolerance() * Math.max(1, Math.abs(expected.loss));
    assertEquals(expected.loss, actual.loss, lossTolerance, () -> c + " loss");
    assertClose(c + " dLogits", expected.dLogits, actual.dLogits);
    assertClose(c + " probabilities", expected.probabilities, actual.probabilities);
    Result gradientOnly = run(underTest(), c, logits, labels, true, false);
    assertEquals(expected.loss, gradientOnly.loss, lossTolerance, () -> c + " loss without probabilities");
    assertClose(c + " dLogits without probabilities", expected.dLogits, gradientOnly.dLogits);
    Result lossOnly = run(underTest(), c, logits, labels, false, false);
    assertEquals(expected.loss, lossOnly.loss, lossTolerance, () -> c + " loss alone");
  }

  private Result run(Backend b, LossCase c, float[] logits, int[] labels, boolean gradient, boolean probabilities) {
    Shape shape = Shape.of(c.n(), c.classes());
    Tensor tl = upload(b, logits, shape);
    Tensor dl = gradient ? garbage(b, shape) : null;
    Tensor p = probabilities ? garbage(b, shape) : null;
    int[] labelsCopy = labels.clone();
    double loss = b.loss().softmaxCrossEntropy(tl, labelsCopy, c.smoothing(), dl, p);
    assertUnchanged(c, "logits", logits, tl);
    assertArrayEquals(labels, labelsCopy, () -> c + ": the kernel modified its labels");
    return new Result(loss, dl == null ? null : dl.copyToHost(), p == null ? null : p.copyToHost());
  }

  private record Result(double loss, float[] dLogits, float[] probabilities) {}

  @Test
  public void labelOutOfRangeIsRejected() {
    Tensor logits = own(underTest().allocate(Shape.of(2, 3)));
    assertRejected("3", () -> underTest().loss().softmaxCrossEntropy(logits, new int[] {0, 3}, 0f, null, null));
    assertRejected("-1", () -> underTest().loss().softmaxCrossEntropy(logits, new int[] {-1, 0}, 0f, null, null));
  }

  @Test
  public void labelCountUnlikeTheBatchIsRejected() {
    Tensor logits = own(underTest().allocate(Shape.of(2, 3)));
    assertRejected("labels", () -> underTest().loss().softmaxCrossEntropy(logits, new int[] {0}, 0f, null, null));
  }

  @Test
  public void wrongGradientShapeIsRejected() {
    Tensor logits = own(underTest().allocate(Shape.of(2, 3)));
    Tensor dl = own(underTest().allocate(Shape.of(3, 2)));
    int[] labels = {0, 1};
    assertShapeRejected(
        Shape.of(2, 3), Shape.of(3, 2), () -> underTest().loss().softmaxCrossEntropy(logits, labels, 0f, dl, null));
  }
}
