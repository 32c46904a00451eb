package io.jresnet.models.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.nn.ParameterSpec;
import io.jresnet.nn.ParameterSpec.Role;
import io.jresnet.tensor.Shape;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TorchvisionLayoutTest {
  private static final ParameterSpec CONV = new ParameterSpec("conv1.weight", Shape.of(3, 2, 4, 5), Role.CONV_WEIGHT);
  private static final ParameterSpec BN_MEAN = new ParameterSpec("bn1.running_mean", Shape.of(5), Role.BN_RUNNING_MEAN);
  private static final ParameterSpec FC = new ParameterSpec("fc.weight", Shape.of(24, 6), Role.DENSE_WEIGHT);
  private static final ParameterSpec FC_BIAS = new ParameterSpec("fc.bias", Shape.of(6), Role.BIAS);

  private static TorchvisionLayout layout() {
    return new TorchvisionLayout(List.of(CONV, BN_MEAN, FC, FC_BIAS));
  }

  @Test
  void fileShapesAreTorchvisions() {
    TorchvisionLayout layout = layout();
    assertEquals(Shape.of(5, 4, 3, 2), layout.fileShape("conv1.weight"));
    assertEquals(Shape.of(6, 24), layout.fileShape("fc.weight"));
    assertEquals(Shape.of(5), layout.fileShape("bn1.running_mean"));
    assertEquals(
        List.of(
            new ParameterSpec("conv1.weight", Shape.of(5, 4, 3, 2), Role.CONV_WEIGHT), BN_MEAN,
            new ParameterSpec("fc.weight", Shape.of(6, 24), Role.DENSE_WEIGHT), FC_BIAS),
        layout.fileSpecs());
  }

  @Test
  void convWeightsGoFromOihwToHwio() {
    // Each OIHW value encodes its own indices, so any misplaced value shows which index went wrong.
    float[] oihw = new float[5 * 4 * 3 * 2];
    for (int o = 0; o < 5; o++) {
      for (int i = 0; i < 4; i++) {
        for (int y = 0; y < 3; y++) {
          for (int x = 0; x < 2; x++) {
            oihw[((o * 4 + i) * 3 + y) * 2 + x] = o * 1000 + i * 100 + y * 10 + x;
          }
        }
      }
    }
    float[] hwio = layout().toCanonical("conv1.weight", oihw);
    for (int y = 0; y < 3; y++) {
      for (int x = 0; x < 2; x++) {
        for (int i = 0; i < 4; i++) {
          for (int o = 0; o < 5; o++) {
            assertEquals(o * 1000 + i * 100 + y * 10 + x, hwio[((y * 2 + x) * 4 + i) * 5 + o]);
          }
        }
      }
    }
  }

  @Test
  void denseWeightsGoFromOutInToInOut() {
    float[] outIn = new float[6 * 24];
    for (int o = 0; o < 6; o++) {
      for (int i = 0; i < 24; i++) {
        outIn[o * 24 + i] = o * 100 + i;
      }
    }
    float[] inOut = layout().toCanonical("fc.weight", outIn);
    for (int i = 0; i < 24; i++) {
      for (int o = 0; o < 6; o++) {
        assertEquals(o * 100 + i, inOut[i * 6 + o]);
      }
    }
  }

  @Test
  void toFileInvertsToCanonical() {
    TorchvisionLayout layout = layout();
    Random random = new Random(11);
    for (ParameterSpec spec : layout.specs()) {
      float[] file = new float[spec.shape().size()];
      for (int i = 0; i < file.length; i++) {
        file[i] = random.nextFloat();
      }
      assertArrayEquals(file, layout.toFile(spec.name(), layout.toCanonical(spec.name(), file)), spec.name());
    }
  }

  @Test
  void oneDimensionalTensorsAreCopiedUnchanged() {
    float[] mean = {1, 2, 3, 4, 5};
    float[] out = layout().toCanonical("bn1.running_mean", mean);
    assertArrayEquals(mean, out);
    out[0] = 9;
    assertEquals(1, mean[0]);
  }

  @Test
  void rejectsParametersDeclaredTwice() {
    assertEquals(
        "parameter 'fc.bias' is declared twice",
        assertThrows(IllegalArgumentException.class, () -> new TorchvisionLayout(List.of(FC_BIAS, FC_BIAS)))
            .getMessage());
  }

  @Test
  void rejectsUnknownNamesAndWrongSizes() {
    TorchvisionLayout layout = layout();
    assertEquals(
        "the model has no parameter named 'fc.weights'",
        assertThrows(IllegalArgumentException.class, () -> layout.toCanonical("fc.weights", new float[1]))
            .getMessage());
    assertEquals(
        "'fc.bias' holds 6 values, got 5",
        assertThrows(IllegalArgumentException.class, () -> layout.toFile("fc.bias", new float[5])).getMessage());
  }
}
