package io.jresnet.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.Pool2dParams;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every argument the reference's training kernels reject, with the exact message. */
class ReferenceTrainingArgumentsTest {
  private final ReferenceBackend backend = new ReferenceBackend();

  @AfterEach
  void close() {
    backend.close();
  }

  private Tensor t(int... dims) {
    return backend.allocate(Shape.of(dims));
  }

  private static void assertMessage(String expected, Executable call) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
  }

  @Test
  void convBackwardShapes() {
    Conv2dParams p = Conv2dParams.square(3, 1, 1);
    assertMessage(
        "conv2dBackwardData: dy has shape [1, 4, 4, 8], expected [1, 5, 5, 8]",
        () -> backend.conv().conv2dBackwardData(t(1, 4, 4, 8), t(3, 3, 3, 8), p, t(1, 5, 5, 3)));
    assertMessage(
        "conv2dBackwardFilter: dWeight has shape [3, 3, 2, 8], expected [3, 3, 3, 8]",
        () -> backend.conv().conv2dBackwardFilter(t(1, 5, 5, 3), t(1, 5, 5, 8), p, t(3, 3, 2, 8), null));
    assertMessage(
        "conv2dBackwardFilter: dBias has shape [7], expected [8]",
        () -> backend.conv().conv2dBackwardFilter(t(1, 5, 5, 3), t(1, 5, 5, 8), p, t(3, 3, 3, 8), t(7)));
    assertMessage(
        "conv2dBackwardData: dx must be NHWC [N, H, W, Cin], got shape [5, 5, 3]",
        () -> backend.conv().conv2dBackwardData(t(1, 5, 5, 8), t(3, 3, 3, 8), p, t(5, 5, 3)));
    assertMessage(
        "conv2dBackwardData: params must not be null",
        () -> backend.conv().conv2dBackwardData(t(1, 5, 5, 8), t(3, 3, 3, 8), null, t(1, 5, 5, 3)));
  }

  @Test
  void batchNormTrainingArguments() {
    Tensor c3 = t(3);
    assertMessage(
        "batchNormTraining: x [1, 1, 1, 3] has 1 value per channel; training needs at least 2",
        () -> backend.norm().batchNormTraining(t(1, 1, 1, 3), c3, c3, c3, c3, 1e-5f, 0.1f, c3, c3, t(1, 1, 1, 3)));
    assertMessage(
        "batchNormTraining: momentum must be in [0, 1], got 1.5",
        () -> backend.norm().batchNormTraining(t(2, 3), c3, c3, c3, c3, 1e-5f, 1.5f, c3, c3, t(2, 3)));
    assertMessage(
        "batchNormTraining: epsilon must be finite and >= 0, got -1.0",
        () -> backend.norm().batchNormTraining(t(2, 3), c3, c3, c3, c3, -1f, 0.1f, c3, c3, t(2, 3)));
    Tensor x = t(2, 3);
    assertMessage(
        "batchNormTraining: y must not be the same tensor as x",
        () -> backend.norm().batchNormTraining(x, c3, c3, c3, c3, 1e-5f, 0.1f, c3, c3, x));
    assertMessage(
        "batchNormTraining: savedInvStd has shape [4], expected [3]",
        () -> backend.norm().batchNormTraining(t(2, 3), c3, c3, c3, c3, 1e-5f, 0.1f, c3, t(4), t(2, 3)));
    assertMessage(
        "batchNormBackward: dBeta has shape [2], expected [3]",
        () -> backend.norm().batchNormBackward(t(2, 3), t(2, 3), c3, c3, c3, t(2, 3), c3, t(2)));
  }

  @Test
  void poolBackwardArguments() {
    Pool2dParams p = Pool2dParams.square(3, 2, 1);
    assertMessage(
        "maxPool2dBackward: dy has shape [1, 3, 3, 2], expected [1, 4, 4, 2]",
        () -> backend.pool().maxPool2dBackward(t(1, 7, 7, 2), t(1, 3, 3, 2), p, t(1, 7, 7, 2)));
    assertMessage(
        "maxPool2dBackward: dx has shape [1, 7, 6, 2], expected [1, 7, 7, 2]",
        () -> backend.pool().maxPool2dBackward(t(1, 7, 7, 2), t(1, 4, 4, 2), p, t(1, 7, 6, 2)));
    assertMessage(
        "avgPool2dBackward: padding must be smaller than the 3x3 window, got " + Pool2dParams.square(3, 1, 3),
        () -> backend.pool().avgPool2dBackward(t(1, 9, 9, 2), Pool2dParams.square(3, 1, 3), t(1, 5, 5, 2)));
    assertMessage(
        "globalAvgPoolBackward: dy has shape [2, 4], expected [2, 3]",
        () -> backend.pool().globalAvgPoolBackward(t(2, 4), t(2, 5, 5, 3)));
  }

  @Test
  void elementwiseAndDenseArguments() {
    Tensor dy = t(1, 4, 4, 2);
    assertMessage(
        "zeroPad2dBackward: dx must not be the same tensor as dy",
        () -> backend.elementwise().zeroPad2dBackward(dy, 0, 0, 0, 0, dy));
    assertMessage(
        "zeroPad2dBackward: padding must be >= 0, got top=-1 bottom=0 left=0 right=0",
        () -> backend.elementwise().zeroPad2dBackward(dy, -1, 0, 0, 0, t(1, 5, 4, 2)));
    assertMessage(
        "axpy: y has shape [3] (3 elements), expected 4 elements like x [2, 2]",
        () -> backend.elementwise().axpy(1f, t(2, 2), t(3)));
    assertMessage(
        "reluBackward: dx has shape [4], expected [3]", () -> backend.elementwise().reluBackward(t(3), t(3), t(4)));
    assertMessage(
        "denseBackwardWeight: dWeight has shape [4, 7], expected [7, 4]",
        () -> backend.dense().denseBackwardWeight(t(3, 7), t(3, 4), t(4, 7), null));
    assertMessage(
        "denseBackwardData: dx has shape [3, 6], expected [3, 7]",
        () -> backend.dense().denseBackwardData(t(3, 4), t(7, 4), t(3, 6)));
  }

  @Test
  void lossArguments() {
    Tensor logits = t(2, 3);
    assertMessage(
        "softmaxCrossEntropy: labels[1] is 3, outside [0, 3)",
        () -> backend.loss().softmaxCrossEntropy(logits, new int[] {0, 3}, 0f, null, null));
    assertMessage(
        "softmaxCrossEntropy: labels has 1 entries, expected 2 (one per row of logits)",
        () -> backend.loss().softmaxCrossEntropy(logits, new int[] {0}, 0f, null, null));
    assertMessage(
        "softmaxCrossEntropy: labels must not be null",
        () -> backend.loss().softmaxCrossEntropy(logits, null, 0f, null, null));
    assertMessage(
        "softmaxCrossEntropy: labelSmoothing must be in [0, 1), got 1.0",
        () -> backend.loss().softmaxCrossEntropy(logits, new int[] {0, 1}, 1f, null, null));
    assertMessage(
        "softmaxCrossEntropy: probabilities has shape [3, 2], expected [2, 3]",
        () -> backend.loss().softmaxCrossEntropy(logits, new int[] {0, 1}, 0f, null, t(3, 2)));
    assertMessage(
        "softmaxCrossEntropy: logits must be [N, K], got shape [2, 3, 1]",
        () -> backend.loss().softmaxCrossEntropy(t(2, 3, 1), new int[] {0, 1}, 0f, null, null));
  }

  @Test
  void optimizerArguments() {
    Tensor p = t(4);
    assertMessage(
        "sgd: velocity must not be null when momentum is 0.9",
        () -> backend.optimizer().sgd(p, t(4), null, 0.1f, 0.9f, 0f, false));
    assertMessage(
        "sgd: lr must be finite and >= 0, got NaN",
        () -> backend.optimizer().sgd(p, t(4), null, Float.NaN, 0f, 0f, false));
    assertMessage(
        "sgd: grad has shape [5], expected [4]", () -> backend.optimizer().sgd(p, t(5), null, 0.1f, 0f, 0f, false));
    assertMessage(
        "adam: step must be >= 1 (it counts from 1), got 0",
        () -> backend.optimizer().adam(p, t(4), t(4), t(4), 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, false, 0));
    assertMessage(
        "adam: beta1 must be in [0, 1), got 1.0",
        () -> backend.optimizer().adam(p, t(4), t(4), t(4), 1e-3f, 1f, 0.999f, 1e-8f, 0f, false, 1));
    assertMessage(
        "adam: weightDecay must be finite and >= 0, got -0.1",
        () -> backend.optimizer().adam(p, t(4), t(4), t(4), 1e-3f, 0.9f, 0.999f, 1e-8f, -0.1f, true, 1));
    assertMessage(
        "adam: v has shape [3], expected [4]",
        () -> backend.optimizer().adam(p, t(4), t(4), t(3), 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, false, 1));
  }
}
