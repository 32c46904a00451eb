package io.jresnet.tck;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.backend.Backend;
import io.jresnet.backend.NormKernels;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code batchNormInference} against the reference, over NHWC and {@code [N, C]} inputs with odd and wide channel
 * counts, both usual epsilons, ReLU on and off, and in place ({@code y == x}, which the SPI allows). Statistics are
 * non-trivial: means in [-1, 1), variances in [0.1, 2.1), gammas and betas in [-1, 1). Wrong per-channel or output
 * shapes throw {@link IllegalArgumentException} quoting the expected and actual shapes.
 */
public abstract class NormContract extends AbstractBackendContract {

  /**
   * One batch-norm call.
   *
   * @param inPlace whether the output tensor is the input tensor
   */
  public record NormCase(Shape shape, float epsilon, boolean relu, boolean inPlace) {
    @Override
    public String toString() {
      return "x" + shape + " eps " + epsilon + (relu ? " +relu" : "") + (inPlace ? " in place" : "");
    }
  }

  static Stream<NormCase> normCases() {
    return Stream.of(
        new NormCase(Shape.nhwc(2, 5, 7, 3), 1e-5f, false, false),
        new NormCase(Shape.nhwc(1, 9, 9, 64), 1e-5f, true, false),
        new NormCase(Shape.nhwc(3, 3, 5, 17), 1e-3f, true, true),
        new NormCase(Shape.nhwc(2, 4, 3, 70), 1e-3f, false, true),
        new NormCase(Shape.nhwc(1, 7, 7, 128), 1e-5f, true, false),
        new NormCase(Shape.nhwc(2, 1, 1, 1), 1e-5f, false, false),
        new NormCase(Shape.of(4, 33), 1e-5f, false, false),
        new NormCase(Shape.of(3, 130), 1e-3f, true, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("normCases")
  public void batchNormInferenceMatchesReference(NormCase c) {
    Random random = new Random(c.toString().hashCode());
    int channels = c.shape().dim(-1);
    float[] x = uniform(random, c.shape());
    float[] gamma = Tensors.uniform(random, channels, -1f, 1f);
    float[] beta = Tensors.uniform(random, channels, -1f, 1f);
    float[] mean = Tensors.uniform(random, channels, -1f, 1f);
    float[] var = Tensors.uniform(random, channels, 0.1f, 2.1f);
    float[] expected = run(reference(), c, x, gamma, beta, mean, var);
    float[] actual = run(underTest(), c, x, gamma, beta, mean, var);
    assertClose(c, expected, actual);
  }

  private float[] run(
      Backend b, NormCase c, float[] x, float[] gamma, float[] beta, float[] mean, float[] var) {
    Shape perChannel = Shape.of(c.shape().dim(-1));
    Tensor tx = upload(b, x, c.shape());
    Tensor y = c.inPlace() ? tx : garbage(b, c.shape());
    b.norm()
        .batchNormInference(
            tx,
            upload(b, gamma, perChannel),
            upload(b, beta, perChannel),
            upload(b, mean, perChannel),
            upload(b, var, perChannel),
            c.epsilon(),
            c.relu(),
            y);
    if (!c.inPlace()) {
      assertUnchanged(c, "x", x, tx);
    }
    return y.copyToHost();
  }

  @Test
  public void wrongStatisticsShapeIsRejected() {
    Shape shape = Shape.nhwc(1, 3, 3, 5);
    Tensor x = own(underTest().allocate(shape));
    Tensor good = own(underTest().allocate(Shape.of(5)));
    Tensor bad = own(underTest().allocate(Shape.of(4)));
    NormKernels norm = underTest().norm();
    assertShapeRejected(
        Shape.of(5), Shape.of(4), () -> norm.batchNormInference(x, good, good, good, bad, 1e-5f, false, x));
    assertShapeRejected(
        Shape.of(5), Shape.of(4), () -> norm.batchNormInference(x, bad, good, good, good, 1e-5f, false, x));
  }

  @Test
  public void wrongOutputShapeIsRejected() {
    Shape shape = Shape.nhwc(1, 3, 3, 5);
    Shape wrong = Shape.nhwc(1, 3, 4, 5);
    Tensor x = own(underTest().allocate(shape));
    Tensor y = own(underTest().allocate(wrong));
    Tensor stats = own(underTest().allocate(Shape.of(5)));
    assertShapeRejected(
        shape, wrong, () -> underTest().norm().batchNormInference(x, stats, stats, stats, stats, 1e-5f, true, y));
  }

  @Test
  public void tensorsOfAnotherBackendAreRejected() {
    Shape shape = Shape.nhwc(1, 3, 3, 5);
    Tensor x = own(underTest().allocate(shape));
    Tensor stats = own(underTest().allocate(Shape.of(5)));
    Tensor foreign = upload(reference(), new float[5], Shape.of(5));
    assertThrows(
        IllegalArgumentException.class,
        () -> underTest().norm().batchNormInference(x, stats, stats, foreign, stats, 1e-5f, false, x));
  }
}
