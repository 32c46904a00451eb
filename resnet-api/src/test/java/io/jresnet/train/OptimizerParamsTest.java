package io.jresnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.io.HostTensor;
import io.jresnet.tensor.Shape;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The hyper-parameter records and {@link OptimizerState} reject what PyTorch would reject, or what diverges. */
class OptimizerParamsTest {
  @Test
  void acceptsTheUsualSettings() {
    assertEquals(new SgdParams(0.9f, 5e-4f, false, false), SgdParams.momentum(0.9f, 5e-4f));
    new SgdParams(0f, 0f, false, true);
    new SgdParams(0.9f, 0f, true, false);
    AdamParams adam = AdamParams.defaults(0.01f);
    assertEquals(0.9f, adam.beta1());
    assertEquals(0.999f, adam.beta2());
    assertEquals(1e-8f, adam.epsilon());
    assertEquals(0.01f, adam.weightDecay());
  }

  @Test
  void sgdRejectsBadValues() {
    rejects(() -> new SgdParams(1f, 0f, false, false), "SGD momentum must be in [0, 1), got 1.0");
    rejects(() -> new SgdParams(-0.1f, 0f, false, false), "SGD momentum must be in [0, 1), got -0.1");
    rejects(
        () -> new SgdParams(0.9f, -1f, false, false), "SGD weight decay must be finite and >= 0, got -1.0");
    rejects(
        () -> new SgdParams(0.9f, Float.POSITIVE_INFINITY, false, false),
        "SGD weight decay must be finite and >= 0, got Infinity");
    rejects(
        () -> new SgdParams(0f, 0f, true, false), "SGD: Nesterov momentum needs a momentum > 0, got momentum 0");
  }

  @Test
  void adamRejectsBadValues() {
    rejects(() -> new AdamParams(1f, 0.999f, 1e-8f, 0f, false), "Adam beta1 must be in [0, 1), got 1.0");
    rejects(() -> new AdamParams(0.9f, Float.NaN, 1e-8f, 0f, false), "Adam beta2 must be in [0, 1), got NaN");
    rejects(() -> new AdamParams(0.9f, 0.999f, 0f, 0f, false), "Adam epsilon must be finite and > 0, got 0.0");
    rejects(
        () -> new AdamParams(0.9f, 0.999f, 1e-8f, -0.5f, false),
        "Adam weight decay must be finite and >= 0, got -0.5");
  }

  @Test
  void lossRejectsBadSmoothing() {
    rejects(
        () -> new SoftmaxCrossEntropy(1f), "softmax cross-entropy: label smoothing must be in [0, 1), got 1.0");
    assertEquals(0f, SoftmaxCrossEntropy.plain().labelSmoothing());
  }

  @Test
  void stateRejectsANegativeStepAndCopiesItsMap() {
    rejects(() -> new OptimizerState(-1, Map.of()), "optimizer step count must be >= 0, got -1");
    Map<String, HostTensor> tensors = new HashMap<>();
    tensors.put("fc.bias.exp_avg", new HostTensor(Shape.of(1), new float[] {1}));
    OptimizerState state = new OptimizerState(3, tensors);
    tensors.clear();
    assertEquals(1, state.tensors().size());
    assertEquals(OptimizerState.initial(), new OptimizerState(0, Map.of()));
  }

  private static void rejects(Executable construct, String message) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, construct).getMessage());
  }
}
