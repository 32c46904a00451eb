package io.jresnet.tck;

import static io.jresnet.tck.AbstractBackendContract.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.Pool2dParams;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import io.jresnet.tensor.TensorScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The oracle checked against PyTorch: fixtures made by {@code tools/golden/kernels.py} (PyTorch in float64 from
 * float32 inputs). The geometry of each case repeats the script's; change both together.
 */
class ReferenceGoldenTest {
  private static final double TOLERANCE = 1e-5;

  private final ReferenceBackend backend = new ReferenceBackend();
  private final TensorScope scope = new TensorScope();

  @AfterEach
  void close() {
    scope.close();
    backend.close();
  }

  private Tensor load(String name) {
    GoldenNpy npy = GoldenNpy.load(name);
    return scope.own(backend.fromHost(npy.data(), npy.shape()));
  }

  private Tensor outputLike(String name) {
    return scope.own(backend.allocate(GoldenNpy.load(name).shape()));
  }

  private static void assertMatches(String name, Tensor y) {
    GoldenNpy expected = GoldenNpy.load(name);
    assertEquals(expected.shape(), y.shape(), name);
    assertClose(name, expected.data(), y.copyToHost(), TOLERANCE);
  }

  private void checkConv(String c, Conv2dParams p, boolean bias) {
    Tensor y = outputLike(c + "_y");
    Tensor w = scope.own(backend.prepareConvWeight(load(c + "_w"), p));
    backend.conv().conv2d(load(c + "_x"), w, bias ? load(c + "_b") : null, p, null, false, y);
    assertMatches(c + "_y", y);
  }

  @Test
  void groupedDilatedStridedConvWithAsymmetricPadding() {
    checkConv("conv_grouped", new Conv2dParams(3, 2, 2, 1, 1, 2, 0, 1, 2, 1, 2), true);
  }

  @Test
  void stemConv() {
    checkConv("conv_stem", Conv2dParams.square(7, 2, 3), true);
  }

  @Test
  void depthwiseConvWithChannelMultiplier() {
    checkConv("conv_depthwise", new Conv2dParams(3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 5), false);
  }

  @Test
  void maxPoolWherePaddingMustNotWin() {
    Tensor y = outputLike("pool_max");
    backend.pool().maxPool2d(load("pool_x"), Pool2dParams.square(3, 2, 1), y);
    assertMatches("pool_max", y);
  }

  @Test
  void avgPoolCountingPadding() {
    Tensor y = outputLike("pool_avg_incl");
    backend.pool().avgPool2d(load("pool_x"), new Pool2dParams(3, 3, 2, 2, 1, 1, 1, 1, true), y);
    assertMatches("pool_avg_incl", y);
  }

  @Test
  void avgPoolNotCountingPadding() {
    Tensor y = outputLike("pool_avg_excl");
    backend.pool().avgPool2d(load("pool_x"), new Pool2dParams(3, 3, 2, 2, 1, 1, 1, 1, false), y);
    assertMatches("pool_avg_excl", y);
  }

  @Test
  void batchNormInference() {
    Tensor y = outputLike("batchnorm_y");
    backend
        .norm()
        .batchNormInference(
            load("batchnorm_x"),
            load("batchnorm_gamma"),
            load("batchnorm_beta"),
            load("batchnorm_mean"),
            load("batchnorm_var"),
            1e-3f,
            false,
            y);
    assertMatches("batchnorm_y", y);
  }

  @Test
  void softmax() {
    Tensor y = outputLike("softmax_y");
    backend.elementwise().softmax(load("softmax_x"), y);
    assertMatches("softmax_y", y);
  }

  @Test
  void linear() {
    Tensor y = outputLike("linear_y");
    backend.dense().dense(load("linear_x"), load("linear_w"), load("linear_b"), y);
    assertMatches("linear_y", y);
    assertEquals(Shape.of(20, 7), GoldenNpy.load("linear_w").shape(), "dense weights are stored [in, out]");
  }
}
