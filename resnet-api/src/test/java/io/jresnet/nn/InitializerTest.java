package io.jresnet.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.nn.ParameterSpec.Role;
import io.jresnet.tensor.Shape;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class InitializerTest {
  private static final ParameterSpec CONV = new ParameterSpec("layer1.0.conv2.weight", Shape.of(3, 3, 64, 128),
      Role.CONV_WEIGHT);
  private static final ParameterSpec DENSE = new ParameterSpec("fc.weight", Shape.of(512, 1000), Role.DENSE_WEIGHT);

  private static double mean(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x;
    }
    return s / v.length;
  }

  private static double std(float[] v) {
    double m = mean(v);
    double s = 0;
    for (float x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / v.length);
  }

  private static double maxAbs(float[] v) {
    double m = 0;
    for (float x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }

  @Test
  void valuesDependOnlyOnSeedAndName() {
    Initializer he = Initializer.heNormal();
    float[] a = he.values(CONV, 42);
    assertArrayEquals(a, he.values(CONV, 42));
    assertFalse(Arrays.equals(a, he.values(CONV, 43)));
    var renamed = new ParameterSpec("layer1.0.conv1.weight", CONV.shape(), CONV.role());
    assertFalse(Arrays.equals(a, he.values(renamed, 42)));
  }

  @Test
  void heNormalIsTorchvisionsKaimingNormalFanOut() {
    float[] w = Initializer.heNormal().values(CONV, 1);
    double expectedStd = Math.sqrt(2.0 / (3 * 3 * 128));
    assertEquals(0, mean(w), expectedStd * 0.02);
    assertEquals(expectedStd, std(w), expectedStd * 0.02);
  }

  @Test
  void heNormalDenseIsPytorchsLinearDefault() {
    float[] w = Initializer.heNormal().values(DENSE, 1);
    double bound = 1 / Math.sqrt(512);
    assertTrue(maxAbs(w) <= bound);
    assertTrue(maxAbs(w) > bound * 0.99);
    assertEquals(bound / Math.sqrt(3), std(w), bound * 0.01);
  }

  @Test
  void glorotUniformUsesFanInPlusFanOut() {
    float[] conv = Initializer.glorotUniform().values(CONV, 7);
    double convBound = Math.sqrt(6.0 / (9 * 64 + 9 * 128));
    assertTrue(maxAbs(conv) <= convBound);
    assertTrue(maxAbs(conv) > convBound * 0.99);
    assertEquals(convBound / Math.sqrt(3), std(conv), convBound * 0.01);
    float[] dense = Initializer.glorotUniform().values(DENSE, 7);
    double denseBound = Math.sqrt(6.0 / (512 + 1000));
    assertTrue(maxAbs(dense) <= denseBound);
    assertTrue(maxAbs(dense) > denseBound * 0.99);
  }

  @Test
  void biasesAndBatchNormVectorsAreConstants() {
    Shape c = Shape.of(5);
    for (Initializer init : List.of(Initializer.heNormal(), Initializer.glorotUniform())) {
      assertArrayEquals(new float[5], init.values(new ParameterSpec("fc.bias", c, Role.BIAS), 3));
      assertArrayEquals(new float[5], init.values(new ParameterSpec("bn.bias", c, Role.BN_BETA), 3));
      assertArrayEquals(new float[5], init.values(new ParameterSpec("bn.running_mean", c, Role.BN_RUNNING_MEAN), 3));
      float[] ones = {1, 1, 1, 1, 1};
      assertArrayEquals(ones, init.values(new ParameterSpec("bn.weight", c, Role.BN_GAMMA), 3));
      assertArrayEquals(ones, init.values(new ParameterSpec("bn.running_var", c, Role.BN_RUNNING_VAR), 3));
    }
  }

  @Test
  void schemesAreFoundByTheirSpecName() {
    assertSame(Initializer.heNormal(), Initializer.named("he_normal"));
    assertSame(Initializer.glorotUniform(), Initializer.named("glorot_uniform"));
    assertEquals("glorot_uniform", Initializer.glorotUniform().schemeName());
    var e = assertThrows(IllegalArgumentException.class, () -> Initializer.named("xavier"));
    assertEquals("unknown initializer 'xavier'; allowed: he_normal, glorot_uniform", e.getMessage());
  }

  @Test
  void theBufferMustFitTheSpec() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Initializer.heNormal().initialize(CONV, new float[3], Initializer.randomFor(1, CONV.name())));
    assertEquals("layer1.0.conv2.weight needs 73728 values for [3, 3, 64, 128], got 3", e.getMessage());
  }
}
