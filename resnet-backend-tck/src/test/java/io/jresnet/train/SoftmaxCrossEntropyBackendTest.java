package io.jresnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jresnet.tck.ReferenceBackend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** {@link SoftmaxCrossEntropy} hands its smoothing and tensors to the backend's fused kernel in the right places. */
class SoftmaxCrossEntropyBackendTest {
  private static final float[] LOGITS = {2f, 0f, -1f, 0.5f, 0.5f, 3f};
  private static final int[] LABELS = {0, 2};

  @Test
  void lossGradientAndProbabilitiesFollowTheSmoothedTarget() {
    float smoothing = 0.3f;
    try (ReferenceBackend backend = new ReferenceBackend();
        Tensor logits = backend.fromHost(LOGITS, Shape.of(2, 3));
        Tensor dLogits = backend.allocate(Shape.of(2, 3));
        Tensor probabilities = backend.allocate(Shape.of(2, 3))) {
      double loss = new SoftmaxCrossEntropy(smoothing).compute(logits, LABELS, dLogits, probabilities);

      // The definition, in double: target = (1 - s) on the label + s / K everywhere; loss = -sum target * log p.
      double expectedLoss = 0;
      float[] expectedP = new float[6];
      float[] expectedGrad = new float[6];
      for (int n = 0; n < 2; n++) {
        double sum = 0;
        for (int k = 0; k < 3; k++) {
          sum += Math.exp(LOGITS[n * 3 + k]);
        }
        for (int k = 0; k < 3; k++) {
          double p = Math.exp(LOGITS[n * 3 + k]) / sum;
          double target = (k == LABELS[n] ? 1 - smoothing : 0) + smoothing / 3.0;
          expectedLoss -= target * Math.log(p) / 2;
          expectedP[n * 3 + k] = (float) p;
          expectedGrad[n * 3 + k] = (float) ((p - target) / 2);
        }
      }
      assertEquals(expectedLoss, loss, 1e-6);
      assertArrayEquals(expectedP, probabilities.copyToHost(), 1e-6f);
      assertArrayEquals(expectedGrad, dLogits.copyToHost(), 1e-6f);
    }
  }

  @Test
  void evaluationNeedsNoOutputTensors() {
    try (ReferenceBackend backend = new ReferenceBackend();
        Tensor logits = backend.fromHost(new float[] {0, 0, 0, 0}, Shape.of(1, 4))) {
      assertEquals(Math.log(4), SoftmaxCrossEntropy.plain().compute(logits, new int[] {3}, null, null), 1e-6);
    }
  }
}
