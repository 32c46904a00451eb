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
 * Every backward kernel but the convolution's (see {@link ConvGradientCheckContract}) against float64 central
 * differences of its forward: batch-norm in training mode (the gradient flows through the batch mean and variance;
 * {@code dx}, {@code dGamma}, {@code dBeta}), max pool (on distinct values, so no window has a tie), average pool
 * counting and not counting padding, global average pool, ReLU (no input within a step of 0), zero padding, dense
 * ({@code dx}, {@code dWeight}, {@code dBias}) and softmax cross-entropy ({@code dLogits} of the mean loss, with and
 * without label smoothing). Tolerance: {@link #gradientTolerance()}.
 */
public abstract class GradientCheckContract extends AbstractGradientCheckContract {

  static Stream<Shape> normShapes() {
    return Stream.of(Shape.nhwc(2, 3, 4, 5), Shape.nhwc(1, 3, 3, 17), Shape.of(6, 7));
  }

  @ParameterizedTest(name = "x{0}")
  @MethodSource("normShapes")
  public void batchNormTrainingGradientsMatchFiniteDifferences(Shape shape) {
    Random random = new Random(shape.hashCode());
    int c = shape.dim(-1);
    float[] x = Tensors.uniform(random, shape.size(), -1f, 2f);
    float[] gamma = Tensors.uniform(random, c, 0.5f, 1.5f);
    float[] beta = Tensors.uniform(random, c, -1f, 1f);
    float[] dy = uniform(random, shape);
    float epsilon = 1e-3f;
    Backend b = underTest();
    Shape perChannel = Shape.of(c);
    Tensor tx = upload(b, x, shape);
    Tensor tg = upload(b, gamma, perChannel);
    Tensor savedMean = garbage(b, perChannel);
    Tensor savedInvStd = garbage(b, perChannel);
    b.norm()
        .batchNormTraining(
            tx,
            tg,
            upload(b, beta, perChannel),
            upload(b, new float[c], perChannel),
            upload(b, Tensors.filled(c, 1f), perChannel),
            epsilon,
            0.1f,
            savedMean,
            savedInvStd,
            garbage(b, shape));
    Tensor dx = garbage(b, shape);
    Tensor dGamma = garbage(b, perChannel);
    Tensor dBeta = garbage(b, perChannel);
    b.norm().batchNormBackward(upload(b, dy, shape), tx, tg, savedMean, savedInvStd, dx, dGamma, dBeta);

    double[] wx = Float64Forward.widen(x);
    double[] wg = Float64Forward.widen(gamma);
    double[] wb = Float64Forward.widen(beta);
    String label = "batchNormTraining x" + shape;
    double[] numericDx = FiniteDifferences.gradient(x, dy, v -> Float64Forward.batchNormTraining(v, wg, wb, epsilon));
    double[] numericDg =
        FiniteDifferences.gradient(gamma, dy, v -> Float64Forward.batchNormTraining(wx, v, wb, epsilon));
    double[] numericDb =
        FiniteDifferences.gradient(beta, dy, v -> Float64Forward.batchNormTraining(wx, wg, v, epsilon));
    assertGradient(label, "dx", dx.copyToHost(), numericDx);
    assertGradient(label, "dGamma", dGamma.copyToHost(), numericDg);
    assertGradient(label, "dBeta", dBeta.copyToHost(), numericDb);
  }

  static Stream<PoolCase> poolCases() {
    Pool2dParams kerasSame = new Pool2dParams(2, 2, 2, 2, 0, 1, 0, 1, true);
    Pool2dParams asymmetric = new Pool2dParams(3, 2, 1, 1, 2, 0, 1, 1, true);
    Pool2dParams asymmetricExcluding = new Pool2dParams(3, 3, 1, 1, 2, 1, 0, 2, false);
    return Stream.of(
        new PoolCase("max 3x3/2 pad 1", true, Shape.nhwc(2, 7, 6, 3), Pool2dParams.square(3, 2, 1), 0f),
        new PoolCase("max 2x2/2 Keras 'same'", true, Shape.nhwc(1, 5, 5, 5), kerasSame, 0f),
        new PoolCase("max 3x2/1 asymmetric", true, Shape.nhwc(1, 5, 6, 2), asymmetric, 0f),
        new PoolCase("avg 3x3/2 pad 1 counting", false, Shape.nhwc(2, 7, 6, 3), Pool2dParams.square(3, 2, 1), 0f),
        new PoolCase("avg 3x3/1 asymmetric not counting", false, Shape.nhwc(1, 6, 5, 4), asymmetricExcluding, 0f),
        new PoolCase("avg 2x2/2", false, Shape.nhwc(2, 5, 4, 3), Pool2dParams.square(2, 2, 0), 0f));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("poolCases")
  public void poolGradientsMatchFiniteDifferences(PoolCase c) {
    Random random = new Random(c.toString().hashCode());
    float[] x = FiniteDifferences.distinct(random, c.input().size());
    float[] dy = uniform(random, c.outputShape());
    Backend b = underTest();
    Tensor dx = garbage(b, c.input());
    if (c.max()) {
      b.pool().maxPool2dBackward(upload(b, x, c.input()), upload(b, dy, c.outputShape()), c.params(), dx);
    } else {
      b.pool().avgPool2dBackward(upload(b, dy, c.outputShape()), c.params(), dx);
    }
    double[] numeric =
        FiniteDifferences.gradient(x, dy, v -> Float64Forward.pool2d(v, c.input(), c.params(), c.max()));
    assertGradient(c, "dx", dx.copyToHost(), numeric);
  }

  @Test
  public void globalAvgPoolGradientMatchesFiniteDifferences() {
    Shape in = Shape.nhwc(2, 3, 5, 7);
    Shape out = Shape.of(2, 7);
    Random random = new Random(11);
    float[] x = uniform(random, in);
    float[] dy = uniform(random, out);
    Tensor dx = garbage(underTest(), in);
    underTest().pool().globalAvgPoolBackward(upload(underTest(), dy, out), dx);
    double[] numeric = FiniteDifferences.gradient(x, dy, v -> Float64Forward.globalAvgPool(v, in));
    assertGradient("globalAvgPool x" + in, "dx", dx.copyToHost(), numeric);
  }

  @Test
  public void reluGradientMatchesFiniteDifferences() {
    Shape shape = Shape.nhwc(2, 3, 5, 7);
    Random random = new Random(12);
    float[] x = FiniteDifferences.distinct(random, shape.size());
    float[] dy = uniform(random, shape);
    Backend b = underTest();
    Tensor tx = upload(b, x, shape);
    Tensor y = garbage(b, shape);
    b.elementwise().relu(tx, y);
    Tensor dx = garbage(b, shape);
    b.elementwise().reluBackward(y, upload(b, dy, shape), dx);
    assertGradient("relu x" + shape, "dx", dx.copyToHost(), FiniteDifferences.gradient(x, dy, Float64Forward::relu));
  }

  @Test
  public void zeroPadGradientMatchesFiniteDifferences() {
    Shape in = Shape.nhwc(2, 4, 3, 5);
    Shape out = Shape.nhwc(2, 4 + 2 + 1, 3 + 0 + 3, 5);
    Random random = new Random(13);
    float[] x = uniform(random, in);
    float[] dy = uniform(random, out);
    Tensor dx = garbage(underTest(), in);
    underTest().elementwise().zeroPad2dBackward(upload(underTest(), dy, out), 2, 1, 0, 3, dx);
    double[] numeric = FiniteDifferences.gradient(x, dy, v -> Float64Forward.zeroPad2d(v, in, 2, 1, 0, 3));
    assertGradient("zeroPad2d x" + in, "dx", dx.copyToHost(), numeric);
  }

  @Test
  public void denseGradientsMatchFiniteDifferences() {
    int n = 3;
    int in = 17;
    int out = 5;
    Random random = new Random(14);
    float[] x = Tensors.uniform(random, n * in, -1f, 1f);
    float[] w = Tensors.uniform(random, in * out, -1f, 1f);
    float[] bias = Tensors.uniform(random, out, -1f, 1f);
    float[] dy = Tensors.uniform(random, n * out, -1f, 1f);
    Backend b = underTest();
    Tensor tdy = upload(b, dy, Shape.of(n, out));
    Tensor dx = garbage(b, Shape.of(n, in));
    Tensor dw = garbage(b, Shape.of(in, out));
    Tensor db = garbage(b, Shape.of(out));
    b.dense().denseBackwardData(tdy, upload(b, w, Shape.of(in, out)), dx);
    b.dense().denseBackwardWeight(upload(b, x, Shape.of(n, in)), tdy, dw, db);
    double[] wx = Float64Forward.widen(x);
    double[] ww = Float64Forward.widen(w);
    double[] wb = Float64Forward.widen(bias);
    String label = "dense [3, 17] -> 5";
    double[] numericDx = FiniteDifferences.gradient(x, dy, v -> Float64Forward.dense(v, n, ww, out, wb));
    double[] numericDw = FiniteDifferences.gradient(w, dy, v -> Float64Forward.dense(wx, n, v, out, wb));
    double[] numericDb = FiniteDifferences.gradient(bias, dy, v -> Float64Forward.dense(wx, n, ww, out, v));
    assertGradient(label, "dx", dx.copyToHost(), numericDx);
    assertGradient(label, "dWeight", dw.copyToHost(), numericDw);
    assertGradient(label, "dBias", db.copyToHost(), numericDb);
  }

  static Stream<Float> smoothings() {
    return Stream.of(0f, 0.1f, 0.4f);
  }

  @ParameterizedTest(name = "label smoothing {0}")
  @MethodSource("smoothings")
  public void softmaxCrossEntropyGradientMatchesFiniteDifferences(float smoothing) {
    int n = 5;
    int k = 7;
    Random random = new Random(15);
    float[] logits = Tensors.uniform(random, n * k, -3f, 3f);
    int[] labels = random.ints(n, 0, k).toArray();
    Tensor dLogits = garbage(underTest(), Shape.of(n, k));
    Tensor tl = upload(underTest(), logits, Shape.of(n, k));
    underTest().loss().softmaxCrossEntropy(tl, labels, smoothing, dLogits, null);
    double[] numeric =
        FiniteDifferences.gradient(logits, v -> Float64Forward.softmaxCrossEntropy(v, labels, smoothing));
    assertGradient("softmaxCrossEntropy [5, 7] smoothing " + smoothing, "dLogits", dLogits.copyToHost(), numeric);
  }
}
