package io.jresnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.WeightsException;
import io.jresnet.io.HostTensor;
import io.jresnet.nn.ParameterSpec;
import io.jresnet.nn.ParameterSpec.Role;
import io.jresnet.tck.ReferenceBackend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** What every optimizer does around its kernel: choosing, checking and binding parameters, and its state. */
class OptimizerBookkeepingTest {
  private final ReferenceBackend backend = new ReferenceBackend();

  @AfterEach
  void close() {
    backend.close();
  }

  @Test
  void skipsBuffersThatAreNotTrainable() {
    TrainableParameter weight = parameter("fc.weight", Role.DENSE_WEIGHT, 2, 1f);
    TrainableParameter runningMean = TrainableParameter.of(
        new ParameterSpec("bn1.running_mean", Shape.of(2), Role.BN_RUNNING_MEAN),
        backend.fromHost(new float[] {3, 4}, Shape.of(2)),
        null);
    try (Optimizer sgd = new Sgd(SgdParams.momentum(0.9f, 0f))) {
      sgd.step(List.of(weight, runningMean), 0.5f);
      assertArrayEquals(new float[] {3, 4}, runningMean.value().copyToHost());
      assertArrayEquals(new float[] {-0.5f, -0.5f}, weight.value().copyToHost());
      assertEquals(List.of("fc.weight.momentum_buffer"), List.copyOf(sgd.state().tensors().keySet()));
    }
  }

  @Test
  void takesTheParametersInAnyOrderOnLaterSteps() {
    TrainableParameter a = parameter("conv1.weight", Role.CONV_WEIGHT, 3, 1f);
    TrainableParameter b = parameter("fc.bias", Role.BIAS, 2, 1f);
    try (Optimizer sgd = new Sgd(SgdParams.momentum(0f, 0f))) {
      sgd.step(List.of(a, b), 0.25f);
      sgd.step(List.of(b, a), 0.25f);
      assertArrayEquals(new float[] {-0.5f, -0.5f}, b.value().copyToHost());
      assertEquals(2, sgd.stepCount());
      assertEquals(Map.of(), sgd.state().tensors(), "plain SGD keeps no buffers");
    }
  }

  @Test
  void rejectsAParameterWithoutGradientAndUpdatesNothing() {
    TrainableParameter first = parameter("conv1.weight", Role.CONV_WEIGHT, 2, 1f);
    TrainableParameter noGradient = TrainableParameter.of(
        new ParameterSpec("fc.weight", Shape.of(2), Role.DENSE_WEIGHT), backend.allocate(Shape.of(2)), null);
    try (Optimizer adam = new Adam(AdamParams.defaults(0f))) {
      rejects(
          () -> adam.step(List.of(first, noGradient), 0.1f),
          "Adam: parameter 'fc.weight' is trainable but has no gradient");
      assertArrayEquals(new float[] {0, 0}, first.value().copyToHost(), "nothing is updated");
      assertEquals(0, adam.stepCount());
      assertEquals(OptimizerState.initial(), adam.state());
    }
  }

  @Test
  void rejectsMisShapedAndDuplicateParameters() {
    TrainableParameter ok = parameter("fc.weight", Role.DENSE_WEIGHT, 2, 1f);
    TrainableParameter badGradient = TrainableParameter.of(
        new ParameterSpec("fc.bias", Shape.of(2), Role.BIAS), backend.allocate(Shape.of(2)),
        backend.allocate(Shape.of(3)));
    TrainableParameter badValue = TrainableParameter.of(
        new ParameterSpec("fc.bias", Shape.of(2), Role.BIAS), backend.allocate(Shape.of(1, 2)),
        backend.allocate(Shape.of(1, 2)));
    try (Optimizer sgd = new Sgd(SgdParams.momentum(0.9f, 0f))) {
      rejects(
          () -> sgd.step(List.of(ok, badGradient), 0.1f),
          "SGD: parameter 'fc.bias' has a gradient of shape [3] but a value of shape [2]");
      rejects(
          () -> sgd.step(List.of(badValue), 0.1f),
          "SGD: parameter 'fc.bias' has a value of shape [1, 2] but its spec says [2]");
      rejects(() -> sgd.step(List.of(ok, ok), 0.1f), "SGD: parameter 'fc.weight' is listed twice");
      rejects(() -> sgd.step(List.of(ok), Float.NaN), "SGD: the learning rate must be finite and >= 0, got NaN");
      rejects(() -> sgd.step(List.of(ok), -1f), "SGD: the learning rate must be finite and >= 0, got -1.0");
    }
  }

  @Test
  void staysBoundToTheParametersOfItsFirstStep() {
    TrainableParameter a = parameter("conv1.weight", Role.CONV_WEIGHT, 2, 1f);
    TrainableParameter b = parameter("fc.weight", Role.DENSE_WEIGHT, 2, 1f);
    try (Optimizer adamW = new AdamW(AdamParams.defaults(0.01f))) {
      adamW.step(List.of(a), 0.1f);
      rejects(
          () -> adamW.step(List.of(a, b), 0.1f),
          "AdamW: parameter 'fc.weight' is not one of the 1 this optimizer was bound to at its first step");
      rejects(
          () -> adamW.step(List.of(), 0.1f),
          "AdamW: parameter 'conv1.weight' was updated before but is missing from this step's parameters");
      assertEquals(1, adamW.stepCount());
    }
  }

  @Test
  void skipsWeightDecayOnNormAndBiasOnlyWhenAsked() {
    for (boolean skip : new boolean[] {false, true}) {
      List<TrainableParameter> all = new ArrayList<>();
      for (Role role : List.of(Role.CONV_WEIGHT, Role.DENSE_WEIGHT, Role.BIAS, Role.BN_GAMMA, Role.BN_BETA)) {
        // Zero gradient: the only change is the decay.
        TrainableParameter p = parameter(role.name(), role, 1, 0f);
        p.value().copyFromHost(new float[] {1});
        all.add(p);
      }
      try (Optimizer sgd = new Sgd(new SgdParams(0f, 0.5f, false, skip))) {
        sgd.step(all, 1f);
      }
      for (TrainableParameter p : all) {
        boolean exempt = skip && p.spec().role() != Role.CONV_WEIGHT && p.spec().role() != Role.DENSE_WEIGHT;
        assertEquals(exempt ? 1f : 0.5f, p.value().copyToHost()[0], p.name() + " with skip=" + skip);
      }
    }
  }

  @Test
  void loadRejectsTheStateOfAnotherOptimizerListingEveryTensor() {
    TrainableParameter a = parameter("fc.weight", Role.DENSE_WEIGHT, 2, 1f);
    OptimizerState adamState;
    try (Optimizer adam = new Adam(AdamParams.defaults(0f))) {
      adam.step(List.of(a), 0.1f);
      adamState = adam.state();
    }
    try (Optimizer sgd = new Sgd(SgdParams.momentum(0.9f, 0f))) {
      WeightsException e = assertThrows(WeightsException.class, () -> sgd.load(List.of(a), adamState));
      assertEquals(
          "<weights>: SGD state does not match the parameters (1 missing, 2 unexpected, 0 with the wrong shape): "
              + "missing: fc.weight.momentum_buffer [2]; unexpected: fc.weight.exp_avg, fc.weight.exp_avg_sq",
          e.getMessage());
      assertNull(e.tensor(), "several tensors are at fault");
      assertEquals(0, sgd.stepCount(), "nothing changes");
    }
  }

  @Test
  void loadRejectsAMisShapedBufferNamingIt() {
    TrainableParameter a = parameter("fc.weight", Role.DENSE_WEIGHT, 2, 1f);
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    tensors.put("fc.weight.momentum_buffer", new HostTensor(Shape.of(3), new float[3]));
    try (Optimizer sgd = new Sgd(SgdParams.momentum(0.9f, 0f))) {
      WeightsException e =
          assertThrows(WeightsException.class, () -> sgd.load(List.of(a), new OptimizerState(5, tensors)));
      assertEquals(
          "<weights>, tensor 'fc.weight.momentum_buffer': SGD state does not match the parameters (0 missing, "
              + "0 unexpected, 1 with the wrong shape): wrong shape: fc.weight.momentum_buffer needs [2], got [3]",
          e.getMessage());
      assertEquals("fc.weight.momentum_buffer", e.tensor());
    }
  }

  @Test
  void loadRejectsBuffersAtStepZero() {
    TrainableParameter a = parameter("fc.weight", Role.DENSE_WEIGHT, 2, 1f);
    Map<String, HostTensor> tensors = Map.of("fc.weight.momentum_buffer", new HostTensor(Shape.of(2), new float[2]));
    try (Optimizer sgd = new Sgd(SgdParams.momentum(0.9f, 0f))) {
      WeightsException e =
          assertThrows(WeightsException.class, () -> sgd.load(List.of(a), new OptimizerState(0, tensors)));
      assertEquals(
          "<weights>, tensor 'fc.weight.momentum_buffer': SGD state at step 0 must hold no buffers, got 1 tensors",
          e.getMessage());
    }
  }

  @Test
  void loadingTheInitialStateStartsAfresh() {
    TrainableParameter a = parameter("fc.weight", Role.DENSE_WEIGHT, 2, 1f);
    try (Optimizer sgd = new Sgd(SgdParams.momentum(0.9f, 0f))) {
      sgd.step(List.of(a), 0.1f);
      OptimizerState afterOne = sgd.state();
      sgd.load(List.of(a), OptimizerState.initial());
      assertEquals(OptimizerState.initial(), sgd.state());
      a.value().copyFromHost(new float[2]);
      sgd.step(List.of(a), 0.1f);
      assertEquals(afterOne, sgd.state(), "the velocity started again from zero");
      assertNotEquals(OptimizerState.initial(), afterOne);
    }
  }

  @Test
  void aClosedOptimizerRefusesWork() {
    TrainableParameter a = parameter("fc.weight", Role.DENSE_WEIGHT, 2, 1f);
    Optimizer adam = new Adam(AdamParams.defaults(0f));
    adam.step(List.of(a), 0.1f);
    adam.close();
    adam.close();
    assertEquals(
        "Adam optimizer is closed",
        assertThrows(IllegalStateException.class, () -> adam.step(List.of(a), 0.1f)).getMessage());
    assertThrows(IllegalStateException.class, adam::state);
  }

  /** A 1-D parameter of zeros whose gradient is filled with {@code gradient}. */
  private TrainableParameter parameter(String name, Role role, int size, float gradient) {
    Tensor value = backend.allocate(Shape.of(size));
    float[] g = new float[size];
    Arrays.fill(g, gradient);
    return TrainableParameter.of(new ParameterSpec(name, Shape.of(size), role), value, backend.fromHost(g, Shape.of(size)));
  }

  private static void rejects(Executable call, String message) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
  }
}
