package io.jresnet.tck;

import static io.jresnet.tck.AbstractBackendContract.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.Pool2dParams;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import io.jresnet.tensor.TensorScope;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The oracle's training kernels checked against PyTorch autograd and {@code torch.optim}: fixtures made by {@code
 * tools/golden/kernels_backward.py} (float64 from float32 inputs). The geometry and hyper-parameters of each case
 * repeat the script's; change both together.
 */
class ReferenceBackwardGoldenTest {
  private static final double TOLERANCE = 1e-5;

  private final ReferenceBackend backend = new ReferenceBackend();
  private final TensorScope scope = new TensorScope();

  /** The optimizer state buffers after {@link #runSteps}'s last step. */
  private Tensor[] lastState;

  @AfterEach
  void close() {
    scope.close();
    backend.close();
  }

  private Tensor load(String name) {
    GoldenNpy npy = GoldenNpy.load("bwd_" + name);
    return scope.own(backend.fromHost(npy.data(), npy.shape()));
  }

  private Tensor outputLike(String name) {
    Shape shape = GoldenNpy.load("bwd_" + name).shape();
    return scope.own(backend.fromHost(Tensors.filled(shape.size(), Float.NaN), shape));
  }

  private static void assertMatches(String name, float[] actual) {
    assertClose(name, GoldenNpy.load("bwd_" + name).data(), actual, TOLERANCE);
  }

  private static void assertMatches(String name, Tensor actual) {
    assertEquals(GoldenNpy.load("bwd_" + name).shape(), actual.shape(), name);
    assertMatches(name, actual.copyToHost());
  }

  @Test
  void groupedDilatedStridedConvWithAsymmetricPadding() {
    Conv2dParams p = new Conv2dParams(3, 2, 2, 1, 1, 2, 0, 1, 1, 2, 2);
    Tensor dx = outputLike("conv_dx");
    Tensor dw = outputLike("conv_dw");
    Tensor db = outputLike("conv_db");
    Tensor weight = scope.own(backend.prepareConvWeight(load("conv_w"), p));
    backend.conv().conv2dBackwardData(load("conv_dy"), weight, p, dx);
    backend.conv().conv2dBackwardFilter(load("conv_x"), load("conv_dy"), p, dw, db);
    assertMatches("conv_dx", dx);
    assertMatches("conv_dw", dw);
    assertMatches("conv_db", db);
  }

  @Test
  void batchNormTrainingUpdatesRunningStatisticsAndBackpropagatesThroughTheBatch() {
    Tensor runningMean = load("bn_running_mean0");
    Tensor runningVar = load("bn_running_var0");
    Tensor mean = outputLike("bn_mean");
    Tensor invStd = outputLike("bn_invstd");
    Tensor y = outputLike("bn_y");
    Tensor x = load("bn_x");
    Tensor gamma = load("bn_gamma");
    Tensor beta = load("bn_beta");
    backend.norm().batchNormTraining(x, gamma, beta, runningMean, runningVar, 1e-5f, 0.1f, mean, invStd, y);
    assertMatches("bn_y", y);
    assertMatches("bn_mean", mean);
    assertMatches("bn_invstd", invStd);
    assertMatches("bn_running_mean1", runningMean);
    assertMatches("bn_running_var1", runningVar);
    Tensor dx = outputLike("bn_dx");
    Tensor dGamma = outputLike("bn_dgamma");
    Tensor dBeta = outputLike("bn_dbeta");
    backend.norm().batchNormBackward(load("bn_dy"), x, gamma, mean, invStd, dx, dGamma, dBeta);
    assertMatches("bn_dx", dx);
    assertMatches("bn_dgamma", dGamma);
    assertMatches("bn_dbeta", dBeta);
  }

  @Test
  void maxPoolBackward() {
    Tensor dx = outputLike("maxpool_dx");
    backend.pool().maxPool2dBackward(load("maxpool_x"), load("maxpool_dy"), Pool2dParams.square(3, 2, 1), dx);
    assertMatches("maxpool_dx", dx);
  }

  @Test
  void maxPoolBackwardCreditsTheFirstMaximumOfATie() {
    Tensor dx = outputLike("maxties_dx");
    backend.pool().maxPool2dBackward(load("maxties_x"), load("maxties_dy"), Pool2dParams.square(3, 1, 1), dx);
    assertMatches("maxties_dx", dx);
  }

  @Test
  void avgPoolBackwardCountingAndNotCountingPadding() {
    Tensor incl = outputLike("avgpool_dx_incl");
    backend.pool().avgPool2dBackward(load("avgpool_dy_incl"), Pool2dParams.square(3, 2, 1), incl);
    assertMatches("avgpool_dx_incl", incl);
    Tensor excl = outputLike("avgpool_dx_excl");
    Pool2dParams excluding = new Pool2dParams(3, 3, 2, 2, 1, 1, 1, 1, false);
    backend.pool().avgPool2dBackward(load("avgpool_dy_excl"), excluding, excl);
    assertMatches("avgpool_dx_excl", excl);
  }

  @Test
  void softmaxCrossEntropyWithAndWithoutLabelSmoothing() {
    int[] labels = labels();
    Tensor logits = load("ce_logits");
    Tensor dLogits = outputLike("ce_dlogits");
    double loss = backend.loss().softmaxCrossEntropy(logits, labels, 0f, dLogits, null);
    assertMatches("ce_loss", new float[] {(float) loss});
    assertMatches("ce_dlogits", dLogits);
    Tensor smoothed = outputLike("ce_dlogits_ls");
    double smoothedLoss = backend.loss().softmaxCrossEntropy(logits, labels, 0.1f, smoothed, null);
    assertMatches("ce_loss_ls", new float[] {(float) smoothedLoss});
    assertMatches("ce_dlogits_ls", smoothed);
  }

  private static int[] labels() {
    float[] stored = GoldenNpy.load("bwd_ce_labels").data();
    int[] labels = new int[stored.length];
    for (int i = 0; i < stored.length; i++) {
      labels[i] = Math.round(stored[i]);
    }
    return labels;
  }

  @Test
  void sgdNesterovWithWeightDecayOverThreeSteps() {
    runSteps("sgd", (param, grad, s, step) -> backend.optimizer().sgd(param, grad, s[0], 0.1f, 0.9f, 0.01f, true));
    assertMatches("sgd_velocity", lastState[0]);
  }

  @Test
  void adamOverThreeSteps() {
    runSteps(
        "adam",
        (param, grad, s, step) ->
            backend.optimizer().adam(param, grad, s[0], s[1], 0.01f, 0.9f, 0.999f, 1e-8f, 0.01f, false, step));
    assertMatches("adam_m", lastState[0]);
    assertMatches("adam_v", lastState[1]);
  }

  @Test
  void adamWOverThreeSteps() {
    runSteps(
        "adamw",
        (param, grad, s, step) ->
            backend.optimizer().adam(param, grad, s[0], s[1], 0.01f, 0.9f, 0.999f, 1e-8f, 0.05f, true, step));
    assertMatches("adamw_m", lastState[0]);
    assertMatches("adamw_v", lastState[1]);
  }

  /** One optimizer call on the parameter, its gradient and its state buffers (zeros at first). */
  private interface Step {
    void apply(Tensor param, Tensor grad, Tensor[] state, long step);
  }

  /** Three steps from {@code <case>_p0} with the gradients {@code <case>_g[step]}, checked after each. */
  private void runSteps(String c, Step step) {
    Tensor param = load(c + "_p0");
    Shape shape = param.shape();
    float[] grads = GoldenNpy.load("bwd_" + c + "_g").data();
    float[] expected = GoldenNpy.load("bwd_" + c + "_p").data();
    lastState = new Tensor[] {scope.own(backend.allocate(shape)), scope.own(backend.allocate(shape))};
    int size = shape.size();
    for (int s = 0; s < 3; s++) {
      Tensor grad = scope.own(backend.fromHost(Arrays.copyOfRange(grads, s * size, (s + 1) * size), shape));
      step.apply(param, grad, lastState, s + 1);
      float[] want = Arrays.copyOfRange(expected, s * size, (s + 1) * size);
      assertClose(c + " step " + (s + 1), want, param.copyToHost(), TOLERANCE);
    }
  }
}
