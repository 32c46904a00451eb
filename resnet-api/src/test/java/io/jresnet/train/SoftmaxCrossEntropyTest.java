package io.jresnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.backend.Backend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The checks {@link SoftmaxCrossEntropy} makes before it reaches a backend (the computation itself is tested on
 * the reference backend in resnet-backend-tck). The tensors here have a shape and nothing else: reaching the
 * backend would fail the test.
 */
class SoftmaxCrossEntropyTest {
  private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy(0.1f);

  @Test
  void rejectsLogitsThatAreNotAMatrix() {
    rejects(
        () -> loss.compute(shaped(2, 3, 4), new int[] {0, 1}, null, null),
        "softmax cross-entropy: logits must be [N, K], got shape [2, 3, 4]");
  }

  @Test
  void rejectsALabelCountOtherThanTheBatch() {
    rejects(
        () -> loss.compute(shaped(2, 3), new int[] {0}, null, null),
        "softmax cross-entropy: 1 labels for a batch of 2 logits [2, 3]");
  }

  @Test
  void rejectsALabelOutsideTheClassesNamingItsIndex() {
    rejects(
        () -> loss.compute(shaped(2, 3), new int[] {0, 3}, null, null),
        "softmax cross-entropy: label at batch index 1 is 3, outside [0, 3)");
    rejects(
        () -> loss.compute(shaped(2, 3), new int[] {-1, 0}, null, null),
        "softmax cross-entropy: label at batch index 0 is -1, outside [0, 3)");
  }

  @Test
  void rejectsOutputsOfAnotherShape() {
    rejects(
        () -> loss.compute(shaped(2, 3), new int[] {0, 1}, shaped(3, 2), null),
        "softmax cross-entropy: dLogits must have the logits' shape [2, 3], got [3, 2]");
    rejects(
        () -> loss.compute(shaped(2, 3), new int[] {0, 1}, null, shaped(2, 4)),
        "softmax cross-entropy: probabilities must have the logits' shape [2, 3], got [2, 4]");
  }

  private static void rejects(Executable call, String message) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
  }

  private static Tensor shaped(int... dims) {
    Shape shape = Shape.of(dims);
    return new Tensor() {
      @Override
      public Shape shape() {
        return shape;
      }

      @Override
      public Backend backend() {
        throw new AssertionError("the loss reached the backend before rejecting its input");
      }

      @Override
      public float[] copyToHost() {
        throw new AssertionError("no data");
      }

      @Override
      public void copyToHost(float[] dst) {
        throw new AssertionError("no data");
      }

      @Override
      public void copyFromHost(float[] src) {
        throw new AssertionError("no data");
      }

      @Override
      public boolean isClosed() {
        return false;
      }

      @Override
      public void close() {}
    };
  }
}
