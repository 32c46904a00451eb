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
 * {@code batchNormTraining} and {@code batchNormBackward} against the reference, over NHWC and {@code [N, C]}
 * inputs with odd and wide channel counts, inputs with a non-zero mean (so a one-pass variance that cancels badly
 * shows), both usual epsilons and momenta, and several consecutive steps so that the running statistics move from
 * non-trivial starting values (PyTorch semantics: unbiased variance into the running variance). The backward pass
 * also runs in place ({@code dx == dy}, which the SPI allows).
 *
 * <p>Checked outputs: {@code y}, {@code savedMean}, {@code savedInvStd}, the updated running statistics, {@code
 * dx}, {@code dGamma} and {@code dBeta}; all outputs start as NaN. Wrong shapes throw {@link
 * IllegalArgumentException} quoting the expected and actual shapes.
 */
public abstract class NormBackwardContract extends AbstractBackendContract {

  /**
   * One training-mode batch-norm call, repeated {@code steps} times on fresh batches.
   *
   * @param offset added to the uniform [-1, 1) inputs
   * @param inPlaceBackward whether the backward pass writes {@code dx} into {@code dy}
   */
  public record TrainingNormCase(
      Shape shape, float epsilon, float momentum, float offset, int steps, boolean inPlaceBackward) {
    @Override
    public String toString() {
      return String.format(
          "x%s eps %s momentum %s offset %s, %d steps%s",
          shape, epsilon, momentum, offset, steps, inPlaceBackward ? ", dx in place" : "");
    }
  }

  static Stream<TrainingNormCase> trainingCases() {
    return Stream.of(
        new TrainingNormCase(Shape.nhwc(2, 5, 7, 3), 1e-5f, 0.1f, 0f, 2, false),
        new TrainingNormCase(Shape.nhwc(3, 3, 5, 17), 1e-3f, 0.01f, 4f, 3, true),
        new TrainingNormCase(Shape.nhwc(2, 4, 3, 70), 1e-5f, 0.1f, -2f, 1, false),
        new TrainingNormCase(Shape.nhwc(1, 7, 7, 64), 1e-5f, 0.99f, 0f, 2, true),
        new TrainingNormCase(Shape.nhwc(2, 1, 1, 5), 1e-3f, 0.1f, 0f, 1, false),
        new TrainingNormCase(Shape.of(4, 33), 1e-5f, 0.1f, 1f, 2, false),
        new TrainingNormCase(Shape.of(3, 130), 1e-3f, 1f, 0f, 1, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trainingCases")
  public void trainingForwardAndBackwardMatchReference(TrainingNormCase c) {
    Random random = new Random(c.toString().hashCode());
    int channels = c.shape().dim(-1);
    float[] gamma = Tensors.uniform(random, channels, -1f, 1f);
    float[] beta = Tensors.uniform(random, channels, -1f, 1f);
    float[] runningMean = Tensors.uniform(random, channels, -1f, 1f);
    float[] runningVar = Tensors.uniform(random, channels, 0.1f, 2.1f);
    Run expected = new Run(reference(), c, gamma, beta, runningMean, runningVar);
    Run actual = new Run(underTest(), c, gamma, beta, runningMean, runningVar);
    for (int step = 0; step < c.steps(); step++) {
      float[] x = Tensors.uniform(random, c.shape().size(), -1f + c.offset(), 1f + c.offset());
      float[] dy = uniform(random, c.shape());
      String label = c + " step " + step + ": ";
      float[][] want = expected.step(x, dy);
      float[][] got = actual.step(x, dy);
      String[] names = {"y", "savedMean", "savedInvStd", "runningMean", "runningVar", "dx", "dGamma", "dBeta"};
      for (int i = 0; i < names.length; i++) {
        assertClose(label + names[i], want[i], got[i]);
      }
    }
  }

  /** A layer's tensors on one backend: parameters and running statistics persist across steps. */
  private final class Run {
    private final Backend b;
    private final TrainingNormCase c;
    private final Tensor gamma;
    private final Tensor beta;
    private final Tensor runningMean;
    private final Tensor runningVar;

    Run(Backend b, TrainingNormCase c, float[] gamma, float[] beta, float[] runningMean, float[] runningVar) {
      Shape perChannel = Shape.of(c.shape().dim(-1));
      this.b = b;
      this.c = c;
      this.gamma = upload(b, gamma, perChannel);
      this.beta = upload(b, beta, perChannel);
      this.runningMean = upload(b, runningMean, perChannel);
      this.runningVar = upload(b, runningVar, perChannel);
    }

    /** y, savedMean, savedInvStd, runningMean, runningVar, dx, dGamma, dBeta after one step. */
    float[][] step(float[] x, float[] dy) {
      Shape perChannel = gamma.shape();
      Tensor tx = upload(b, x, c.shape());
      Tensor savedMean = garbage(b, perChannel);
      Tensor savedInvStd = garbage(b, perChannel);
      Tensor y = garbage(b, c.shape());
      b.norm()
          .batchNormTraining(
              tx, gamma, beta, runningMean, runningVar, c.epsilon(), c.momentum(), savedMean, savedInvStd, y);
      assertUnchanged(c, "x", x, tx);
      Tensor tdy = upload(b, dy, c.shape());
      Tensor dx = c.inPlaceBackward() ? tdy : garbage(b, c.shape());
      Tensor dGamma = garbage(b, perChannel);
      Tensor dBeta = garbage(b, perChannel);
      b.norm().batchNormBackward(tdy, tx, gamma, savedMean, savedInvStd, dx, dGamma, dBeta);
      return new float[][] {
        y.copyToHost(),
        savedMean.copyToHost(),
        savedInvStd.copyToHost(),
        runningMean.copyToHost(),
        runningVar.copyToHost(),
        dx.copyToHost(),
        dGamma.copyToHost(),
        dBeta.copyToHost()
      };
    }
  }

  @Test
  public void trainingWithWrongRunningVarShapeIsRejected() {
    Shape xs = Shape.nhwc(2, 3, 3, 5);
    Tensor x = upload(underTest(), uniform(new Random(3), xs), xs);
    Tensor c5 = own(underTest().allocate(Shape.of(5)));
    Tensor c4 = own(underTest().allocate(Shape.of(4)));
    Tensor y = own(underTest().allocate(xs));
    assertShapeRejected(
        Shape.of(5),
        Shape.of(4),
        () -> underTest().norm().batchNormTraining(x, c5, c5, c5, c4, 1e-5f, 0.1f, c5, c5, y));
  }

  @Test
  public void trainingWithWrongOutputShapeIsRejected() {
    Shape xs = Shape.nhwc(2, 3, 3, 5);
    Shape wrong = Shape.nhwc(2, 3, 4, 5);
    Tensor x = upload(underTest(), uniform(new Random(3), xs), xs);
    Tensor c5 = own(underTest().allocate(Shape.of(5)));
    Tensor y = own(underTest().allocate(wrong));
    assertShapeRejected(
        xs, wrong, () -> underTest().norm().batchNormTraining(x, c5, c5, c5, c5, 1e-5f, 0.1f, c5, c5, y));
  }

  @Test
  public void backwardWithWrongDGammaShapeIsRejected() {
    Shape xs = Shape.nhwc(2, 3, 3, 5);
    Tensor x = upload(underTest(), uniform(new Random(3), xs), xs);
    Tensor dy = upload(underTest(), uniform(new Random(4), xs), xs);
    Tensor c5 = upload(underTest(), Tensors.filled(5, 1f), Shape.of(5));
    Tensor c6 = own(underTest().allocate(Shape.of(6)));
    Tensor dx = own(underTest().allocate(xs));
    assertShapeRejected(
        Shape.of(5), Shape.of(6), () -> underTest().norm().batchNormBackward(dy, x, c5, c5, c5, dx, c6, c5));
  }

  @Test
  public void backwardWithWrongDxShapeIsRejected() {
    Shape xs = Shape.nhwc(2, 3, 3, 5);
    Shape wrong = Shape.nhwc(1, 3, 3, 5);
    Tensor x = upload(underTest(), uniform(new Random(3), xs), xs);
    Tensor dy = upload(underTest(), uniform(new Random(4), xs), xs);
    Tensor c5 = upload(underTest(), Tensors.filled(5, 1f), Shape.of(5));
    Tensor dx = own(underTest().allocate(wrong));
    assertShapeRejected(xs, wrong, () -> underTest().norm().batchNormBackward(dy, x, c5, c5, c5, dx, c5, c5));
  }
}
