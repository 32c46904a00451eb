package io.jresnet.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import io.jresnet.tensor.TensorScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Elementwise, normalisation and dense kernels small enough to work out by hand, and their argument checks. */
class ReferenceElementwiseKernelsTest {
  private final ReferenceBackend backend = new ReferenceBackend();
  private final TensorScope scope = new TensorScope();

  @AfterEach
  void close() {
    scope.close();
    backend.close();
  }

  private Tensor t(Shape shape, float... data) {
    return scope.own(backend.fromHost(data, shape));
  }

  private Tensor out(Shape shape) {
    return scope.own(backend.allocate(shape));
  }

  @Test
  void reluAndAddInPlace() {
    Tensor a = t(Shape.of(4), -1, 0, 2, -3);
    Tensor b = t(Shape.of(4), 0.5f, -1, 1, 1);
    backend.elementwise().add(a, b, false, a);
    assertArrayEquals(new float[] {-0.5f, -1, 3, -2}, a.copyToHost());
    backend.elementwise().relu(a, a);
    assertArrayEquals(new float[] {0, 0, 3, 0}, a.copyToHost());
    backend.elementwise().add(b, b, true, b);
    assertArrayEquals(new float[] {1, 0, 2, 2}, b.copyToHost());
  }

  @Test
  void softmaxOfKnownRows() {
    float ln2 = (float) Math.log(2);
    float ln3 = (float) Math.log(3);
    Tensor x = t(Shape.of(2, 3), 0, ln2, ln3, 1000, 1000, 1000);
    backend.elementwise().softmax(x, x);
    assertArrayEquals(new float[] {1 / 6f, 2 / 6f, 3 / 6f, 1 / 3f, 1 / 3f, 1 / 3f}, x.copyToHost(), 1e-7f);
  }

  @Test
  void zeroPadPlacesTheImage() {
    Tensor y = out(Shape.nhwc(1, 2, 3, 1));
    backend.elementwise().zeroPad2d(t(Shape.nhwc(1, 1, 1, 1), 5), 1, 0, 0, 2, y);
    assertArrayEquals(new float[] {0, 0, 0, 5, 0, 0}, y.copyToHost());
  }

  @Test
  void zeroPadRejectsNegativePaddingAndAliasing() {
    Tensor x = t(Shape.nhwc(1, 1, 1, 1), 5);
    var negative =
        assertThrows(IllegalArgumentException.class, () -> backend.elementwise().zeroPad2d(x, 0, -1, 0, 0, x));
    assertEquals("zeroPad2d: padding must be >= 0, got top=0 bottom=-1 left=0 right=0", negative.getMessage());
    var aliased = assertThrows(IllegalArgumentException.class, () -> backend.elementwise().zeroPad2d(x, 0, 0, 0, 0, x));
    assertEquals("zeroPad2d: y must not be the same tensor as x", aliased.getMessage());
  }

  @Test
  void copyNeedsTheSameElementCount() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> backend.elementwise().copy(out(Shape.of(2, 3)), out(Shape.of(5))));
    assertEquals("copy: y has shape [5] (5 elements), expected 6 elements like x [2, 3]", e.getMessage());
  }

  @Test
  void batchNormOfKnownValues() {
    Tensor x = t(Shape.of(2, 2), 1, 2, 3, -4);
    Tensor gamma = t(Shape.of(2), 2, 1);
    Tensor beta = t(Shape.of(2), 0.5f, -1);
    Tensor mean = t(Shape.of(2), 1, 0);
    Tensor var = t(Shape.of(2), 4, 1);
    Tensor y = out(Shape.of(2, 2));
    // channel 0: (x - 1) / 2 * 2 + 0.5; channel 1: x / 1 - 1
    backend.norm().batchNormInference(x, gamma, beta, mean, var, 0f, false, y);
    assertArrayEquals(new float[] {0.5f, 1, 2.5f, -5}, y.copyToHost());
    backend.norm().batchNormInference(x, gamma, beta, mean, var, 0f, true, x);
    assertArrayEquals(new float[] {0.5f, 1, 2.5f, 0}, x.copyToHost());
  }

  @Test
  void batchNormRejectsNegativeEpsilon() {
    Tensor x = out(Shape.of(1, 2));
    Tensor s = out(Shape.of(2));
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> backend.norm().batchNormInference(x, s, s, s, s, -1e-5f, false, x));
    assertEquals("batchNormInference: epsilon must be finite and >= 0, got -1.0E-5", e.getMessage());
  }

  @Test
  void denseOfKnownValues() {
    Tensor x = t(Shape.of(1, 2), 1, 2);
    Tensor w = t(Shape.of(2, 3), 1, 2, 3, 4, 5, 6);
    Tensor y = out(Shape.of(1, 3));
    backend.dense().dense(x, w, t(Shape.of(3), 1, 1, 1), y);
    assertArrayEquals(new float[] {10, 13, 16}, y.copyToHost());
    backend.dense().dense(x, w, null, y);
    assertArrayEquals(new float[] {9, 12, 15}, y.copyToHost());
  }

  @Test
  void denseNeedsAMatrixInput() {
    Tensor x = out(Shape.nhwc(1, 1, 1, 2));
    Tensor w = out(Shape.of(2, 3));
    Tensor y = out(Shape.of(1, 3));
    var e = assertThrows(IllegalArgumentException.class, () -> backend.dense().dense(x, w, null, y));
    assertEquals("dense: x must be [N, in], got shape [1, 1, 1, 2]", e.getMessage());
  }
}
