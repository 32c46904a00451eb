package io.jresnet.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.Pool2dParams;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reference's training kernels on cases small enough to work out by hand (the arithmetic is in comments). */
class ReferenceTrainingKernelsTest {
  private static final float EPS = 1e-6f;

  private final ReferenceBackend backend = new ReferenceBackend();

  @AfterEach
  void close() {
    backend.close();
  }

  private Tensor t(Shape shape, float... values) {
    return backend.fromHost(values, shape);
  }

  private Tensor nan(Shape shape) {
    return t(shape, Tensors.filled(shape.size(), Float.NaN));
  }

  @Test
  void convBackwardDataScattersEachOutputGradientThroughTheKernel() {
    // 2x2 kernel with w[0,0] = 1, w[1,1] = 2 over a 3x3 input: dx = dy placed at (0,0) plus 2 * dy placed at (1,1).
    Tensor dy = t(Shape.nhwc(1, 2, 2, 1), 1, 2, 3, 4);
    Tensor w = t(Shape.of(2, 2, 1, 1), 1, 0, 0, 2);
    Tensor dx = nan(Shape.nhwc(1, 3, 3, 1));
    backend.conv().conv2dBackwardData(dy, w, Conv2dParams.square(2, 1, 0), dx);
    assertArrayEquals(new float[] {1, 2, 0, 3, 6, 4, 0, 6, 8}, dx.copyToHost(), EPS);
  }

  @Test
  void convBackwardDataWritesZerosWhereNoWindowReads() {
    // 1x1 stride 2 over 3x3 reads only the corners and the centre's row/column crossings at even indices.
    Tensor dy = t(Shape.nhwc(1, 2, 2, 1), 1, 2, 3, 4);
    Tensor w = t(Shape.of(1, 1, 1, 1), 10);
    Tensor dx = nan(Shape.nhwc(1, 3, 3, 1));
    backend.conv().conv2dBackwardData(dy, w, Conv2dParams.square(1, 2, 0), dx);
    assertArrayEquals(new float[] {10, 0, 20, 0, 0, 0, 30, 0, 40}, dx.copyToHost(), EPS);
  }

  @Test
  void convBackwardFilterCorrelatesInputWithOutputGradient() {
    // dy = identity 2x2: dW[ky, kx] = x[ky, kx] + x[1 + ky, 1 + kx]; dBias = 1 + 1.
    Tensor x = t(Shape.nhwc(1, 3, 3, 1), 1, 2, 3, 4, 5, 6, 7, 8, 9);
    Tensor dy = t(Shape.nhwc(1, 2, 2, 1), 1, 0, 0, 1);
    Tensor dw = nan(Shape.of(2, 2, 1, 1));
    Tensor db = nan(Shape.of(1));
    backend.conv().conv2dBackwardFilter(x, dy, Conv2dParams.square(2, 1, 0), dw, db);
    assertArrayEquals(new float[] {6, 8, 12, 14}, dw.copyToHost(), EPS);
    assertArrayEquals(new float[] {2}, db.copyToHost(), EPS);
  }

  @Test
  void batchNormTrainingUsesTheBiasedVarianceAndStoresTheUnbiasedOne() {
    // x = 1, 2, 3, 4: mean 2.5, biased variance 1.25, unbiased 5/3; momentum 0.5 from mean 0, variance 1.
    Shape c1 = Shape.of(1);
    Tensor x = t(Shape.of(4, 1), 1, 2, 3, 4);
    Tensor runningMean = t(c1, 0);
    Tensor runningVar = t(c1, 1);
    Tensor mean = nan(c1);
    Tensor invStd = nan(c1);
    Tensor y = nan(x.shape());
    backend.norm().batchNormTraining(x, t(c1, 2), t(c1, 1), runningMean, runningVar, 0f, 0.5f, mean, invStd, y);
    double s = Math.sqrt(1.25);
    assertArrayEquals(new float[] {2.5f}, mean.copyToHost(), EPS);
    assertArrayEquals(new float[] {(float) (1 / s)}, invStd.copyToHost(), EPS);
    assertArrayEquals(new float[] {1.25f}, runningMean.copyToHost(), EPS);
    assertArrayEquals(new float[] {(float) (0.5 + 0.5 * 5 / 3.0)}, runningVar.copyToHost(), EPS);
    float[] expected = new float[4];
    for (int i = 0; i < 4; i++) {
      expected[i] = (float) (2 * (i + 1 - 2.5) / s + 1);
    }
    assertArrayEquals(expected, y.copyToHost(), 1e-5f);
  }

  @Test
  void batchNormBackwardCancelsAConstantGradient() {
    // A shift of every x in a channel changes nothing after normalisation, so a constant dy yields dx = 0;
    // dBeta sums dy, dGamma sums dy * xhat, and xhat sums to zero.
    Shape c1 = Shape.of(1);
    Tensor x = t(Shape.of(4, 1), 1, 2, 3, 4);
    Tensor dx = nan(x.shape());
    Tensor dGamma = nan(c1);
    Tensor dBeta = nan(c1);
    Tensor mean = t(c1, 2.5f);
    Tensor invStd = t(c1, (float) (1 / Math.sqrt(1.25)));
    backend.norm().batchNormBackward(t(x.shape(), 3, 3, 3, 3), x, t(c1, 2), mean, invStd, dx, dGamma, dBeta);
    assertArrayEquals(new float[4], dx.copyToHost(), 1e-6f);
    assertArrayEquals(new float[] {0}, dGamma.copyToHost(), 1e-6f);
    assertArrayEquals(new float[] {12}, dBeta.copyToHost(), EPS);
  }

  @Test
  void maxPoolBackwardCreditsTheFirstOfTiedMaxima() {
    Tensor x = t(Shape.nhwc(1, 2, 2, 1), 1, 1, 1, 1);
    Tensor dx = nan(x.shape());
    backend.pool().maxPool2dBackward(x, t(Shape.nhwc(1, 1, 1, 1), 5), Pool2dParams.square(2, 1, 0), dx);
    assertArrayEquals(new float[] {5, 0, 0, 0}, dx.copyToHost());
  }

  @Test
  void avgPoolBackwardSpreadsWithTheForwardDivisor() {
    // A 2x2 window with padding 1 over a 1x1 image covers one real cell: the divisor is 4 or 1.
    Tensor dy = t(Shape.nhwc(1, 1, 1, 1), 8);
    Tensor dx = nan(Shape.nhwc(1, 1, 1, 1));
    backend.pool().avgPool2dBackward(dy, new Pool2dParams(2, 2, 1, 1, 1, 0, 1, 0, true), dx);
    assertArrayEquals(new float[] {2}, dx.copyToHost());
    backend.pool().avgPool2dBackward(dy, new Pool2dParams(2, 2, 1, 1, 1, 0, 1, 0, false), dx);
    assertArrayEquals(new float[] {8}, dx.copyToHost());
  }

  @Test
  void crossEntropyOfEvenLogitsWithAndWithoutSmoothing() {
    // softmax([0, 0]) = [0.5, 0.5]: the loss is ln 2 for any target; the target is [1, 0] or, smoothed by 0.2,
    // [0.9, 0.1]; dLogits = (p - target) / N with N = 1.
    Tensor logits = t(Shape.of(1, 2), 0, 0);
    Tensor dLogits = nan(logits.shape());
    Tensor p = nan(logits.shape());
    assertEquals(Math.log(2), backend.loss().softmaxCrossEntropy(logits, new int[] {0}, 0f, dLogits, p), 1e-12);
    assertArrayEquals(new float[] {-0.5f, 0.5f}, dLogits.copyToHost(), EPS);
    assertArrayEquals(new float[] {0.5f, 0.5f}, p.copyToHost(), EPS);
    assertEquals(Math.log(2), backend.loss().softmaxCrossEntropy(logits, new int[] {0}, 0.2f, dLogits, null), 1e-7);
    assertArrayEquals(new float[] {-0.4f, 0.4f}, dLogits.copyToHost(), EPS);
  }

  @Test
  void crossEntropyStaysFiniteForHugeLogits() {
    // Two rows: the wrong class ahead by 2e30, then the right one; mean loss (2e30 + 0) / 2.
    Tensor logits = t(Shape.of(2, 2), 1e30f, -1e30f, 3e38f, -3e38f);
    Tensor dLogits = nan(logits.shape());
    double loss = backend.loss().softmaxCrossEntropy(logits, new int[] {1, 0}, 0f, dLogits, null);
    assertEquals(1e30, loss, 1e24);
    assertArrayEquals(new float[] {0.5f, -0.5f, 0, 0}, dLogits.copyToHost(), EPS);
  }

  @Test
  void sgdNesterovWithWeightDecayTwoSteps() {
    // g' = 0.5 + 0.1 * 1 = 0.6, v = 0.6, p = 1 - 0.1 * (0.6 + 0.9 * 0.6) = 0.886;
    // g' = 0.5 + 0.0886 = 0.5886, v = 0.54 + 0.5886 = 1.1286, p = 0.886 - 0.1 * (0.5886 + 1.01574) = 0.725566.
    Shape one = Shape.of(1);
    Tensor p = t(one, 1);
    Tensor v = t(one, 0);
    Tensor g = t(one, 0.5f);
    backend.optimizer().sgd(p, g, v, 0.1f, 0.9f, 0.1f, true);
    assertArrayEquals(new float[] {0.886f}, p.copyToHost(), EPS);
    backend.optimizer().sgd(p, g, v, 0.1f, 0.9f, 0.1f, true);
    assertArrayEquals(new float[] {0.725566f}, p.copyToHost(), EPS);
    assertArrayEquals(new float[] {1.1286f}, v.copyToHost(), EPS);
  }

  @Test
  void plainSgdNeedsNoVelocity() {
    Tensor p = t(Shape.of(2), 1, -1);
    backend.optimizer().sgd(p, t(Shape.of(2), 2, 4), null, 0.5f, 0f, 0f, false);
    assertArrayEquals(new float[] {0, -3}, p.copyToHost());
  }

  @Test
  void adamFirstStepMovesByTheLearningRateAndAdamWShrinksFirst() {
    // Step 1 with bias correction: m̂ = g, v̂ = g², so the step is lr * g / (|g| + eps) ≈ lr * sign(g).
    Shape one = Shape.of(1);
    Tensor p = t(one, 1);
    backend.optimizer().adam(p, t(one, 0.5f), t(one, 0), t(one, 0), 0.01f, 0.9f, 0.999f, 1e-8f, 0f, false, 1);
    assertArrayEquals(new float[] {0.99f}, p.copyToHost(), EPS);
    // AdamW: p = 1 * (1 - 0.01 * 0.1) - 0.01 = 0.989. Adam's L2 decay instead adds 0.1 to g: the sign is unchanged.
    Tensor pw = t(one, 1);
    backend.optimizer().adam(pw, t(one, 0.5f), t(one, 0), t(one, 0), 0.01f, 0.9f, 0.999f, 1e-8f, 0.1f, true, 1);
    assertArrayEquals(new float[] {0.989f}, pw.copyToHost(), EPS);
  }

  @Test
  void accumulationAndNormKernels() {
    Tensor y = t(Shape.of(3), 1, 2, 3);
    backend.elementwise().axpy(-2f, t(Shape.of(3), 1, 1, 1), y);
    assertArrayEquals(new float[] {-1, 0, 1}, y.copyToHost());
    assertEquals(2.0, backend.elementwise().sumOfSquares(y));
    Tensor bad = t(Shape.of(4), Float.NaN, 1, Float.NEGATIVE_INFINITY, Float.MAX_VALUE);
    assertEquals(2, backend.elementwise().countNonFinite(bad));
  }

  @Test
  void zeroPadBackwardCropsAndReluBackwardGates() {
    Tensor dy = t(Shape.nhwc(1, 2, 3, 1), 1, 2, 3, 4, 5, 6);
    Tensor dx = nan(Shape.nhwc(1, 1, 1, 1));
    backend.elementwise().zeroPad2dBackward(dy, 1, 0, 1, 1, dx);
    assertArrayEquals(new float[] {5}, dx.copyToHost());
    Tensor g = nan(Shape.of(3));
    backend.elementwise().reluBackward(t(Shape.of(3), 0, 2, -1), t(Shape.of(3), 7, 8, 9), g);
    assertArrayEquals(new float[] {0, 8, 0}, g.copyToHost());
  }
}
