package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Batch-norm with a fused ReLU, forward and backward, gives the same bits as the unfused kernels one after another. */
class CpuBatchNormReluTest {
  @ParameterizedTest(name = "{0} channels, {1} threads")
  @CsvSource({"16, 1", "16, 2", "19, 2", "64, 2", "300, 2"})
  void fusedKernelsMatchUnfusedOnesBitForBit(int channels, int threads) {
    Shape shape = Shape.nhwc(3, 11, 37, channels);
    Shape perChannel = Shape.of(channels);
    SplittableRandom rnd = new SplittableRandom(channels);
    float[] x = NaiveLoops.random(rnd, shape.size());
    float[] dy = NaiveLoops.random(rnd, shape.size());
    float[] gamma = NaiveLoops.random(rnd, channels);
    float[] beta = NaiveLoops.random(rnd, channels);
    try (Backend b = new CpuBackendProvider().open(new BackendConfig(threads))) {
      Tensor xt = b.fromHost(x, shape);
      Tensor g = b.fromHost(gamma, perChannel);
      Tensor bt = b.fromHost(beta, perChannel);
      float[][] fused = run(b, xt, g, bt, dy, shape, true);
      float[][] unfused = run(b, xt, g, bt, dy, shape, false);
      String[] names = {"y", "running mean", "running var", "saved mean", "saved inv std", "dx", "dGamma", "dBeta"};
      for (int i = 0; i < names.length; i++) {
        assertArrayEquals(unfused[i], fused[i], names[i]);
      }
      float positive = 0;
      for (float v : fused[0]) {
        positive += v > 0 ? 1 : 0;
      }
      assertEquals(0.5, positive / shape.size(), 0.1, "about half the outputs pass the ReLU");
    }
  }

  /** y, running mean and var, saved mean and inv std, dx, dGamma, dBeta: fused or as separate kernels. */
  private static float[][] run(Backend b, Tensor x, Tensor g, Tensor beta, float[] dy, Shape shape, boolean fused) {
    Shape perChannel = Shape.of(shape.dim(3));
    Tensor rm = b.allocate(perChannel);
    Tensor rv = b.allocate(perChannel);
    b.elementwise().fill(rv, 1f);
    Tensor mean = b.allocate(perChannel);
    Tensor invStd = b.allocate(perChannel);
    Tensor y = b.allocate(shape);
    Tensor grad = b.fromHost(dy, shape);
    Tensor dGamma = b.allocate(perChannel);
    Tensor dBeta = b.allocate(perChannel);
    if (fused) {
      b.norm().batchNormTraining(x, g, beta, rm, rv, 1e-5f, 0.1f, mean, invStd, true, y);
      b.norm().batchNormReluBackward(y, grad, x, g, mean, invStd, grad, dGamma, dBeta);
    } else {
      b.norm().batchNormTraining(x, g, beta, rm, rv, 1e-5f, 0.1f, mean, invStd, y);
      b.elementwise().relu(y, y);
      b.elementwise().reluBackward(y, grad, grad);
      b.norm().batchNormBackward(grad, x, g, mean, invStd, grad, dGamma, dBeta);
    }
    return new float[][] {
      y.copyToHost(), rm.copyToHost(), rv.copyToHost(), mean.copyToHost(), invStd.copyToHost(), grad.copyToHost(),
      dGamma.copyToHost(), dBeta.copyToHost()
    };
  }

  @Test
  void aMisShapedReluOutputIsNamed() {
    int channels = 4;
    try (Backend b = new CpuBackendProvider().open(new BackendConfig(1))) {
      Shape shape = Shape.nhwc(1, 2, 2, channels);
      Tensor c = b.allocate(Shape.of(channels));
      Tensor x = b.allocate(shape);
      var e = assertThrows(IllegalArgumentException.class,
          () -> b.norm().batchNormReluBackward(b.allocate(Shape.nhwc(1, 2, 3, channels)), x, x, c, c, c, x, c, c));
      assertEquals("batchNormReluBackward: reluOutput has shape [1, 2, 3, 4], expected [1, 2, 2, 4]", e.getMessage());
    }
  }
}
