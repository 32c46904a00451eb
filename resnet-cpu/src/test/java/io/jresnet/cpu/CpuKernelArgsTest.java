package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.Pool2dParams;
import io.jresnet.tck.ReferenceBackend;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every argument the CPU kernels reject, with the message the caller sees. */
class CpuKernelArgsTest {
  private final Backend backend = new CpuBackendProvider().open(new BackendConfig(1));

  @AfterEach
  void close() {
    backend.close();
  }

  private Tensor t(int... dims) {
    return backend.allocate(Shape.of(dims));
  }

  @Test
  void tensorsOfOtherBackendsClosedOrMissingAreNamed() {
    try (ReferenceBackend reference = new ReferenceBackend()) {
      Tensor foreign = reference.allocate(Shape.of(4));
      assertArgument("relu: x belongs to backend 'reference', not to this cpu backend; copy it over with"
          + " fromHost(copyToHost())", () -> backend.elementwise().relu(foreign, t(4)));
    }
    try (Backend other = new CpuBackendProvider().open(new BackendConfig(1))) {
      Tensor elsewhere = other.allocate(Shape.of(4));
      assertArgument("relu: x belongs to another cpu backend instance, not to this cpu backend; copy it over with"
          + " fromHost(copyToHost())", () -> backend.elementwise().relu(elsewhere, t(4)));
    }
    Tensor closed = t(4);
    closed.close();
    assertEquals("relu: y [4] is closed",
        assertThrows(IllegalStateException.class, () -> backend.elementwise().relu(t(4), closed)).getMessage());
    assertEquals("cpu tensor [4] is closed",
        assertThrows(IllegalStateException.class, closed::copyToHost).getMessage());
    assertArgument("conv2d: x is null",
        () -> backend.conv()
            .conv2d(null, t(1, 1, 1, 1), null, Conv2dParams.square(1, 1, 0), null, false, t(1, 1, 1, 1)));
    assertArgument("conv2d: params is null",
        () -> backend.conv().conv2d(t(1, 1, 1, 1), t(1, 1, 1, 1), null, null, null, false, t(1, 1, 1, 1)));
  }

  @Test
  void hostCopiesOfTheWrongLengthAreRejected() {
    assertArgument("fromHost: got 3 floats for shape [2, 2], which has 4 elements",
        () -> backend.fromHost(new float[3], Shape.of(2, 2)));
    assertArgument("copyToHost destination holds 3 floats but tensor [4] has 4", () -> t(4).copyToHost(new float[3]));
    assertArgument("copyFromHost source holds 5 floats but tensor [4] has 4", () -> t(4).copyFromHost(new float[5]));
  }

  @Test
  void preparedWeightsMustFitTheirParams() {
    assertArgument("prepareConvWeight: hwio [3, 3, 4, 8] is a 3x3 kernel but params say 1x1",
        () -> backend.prepareConvWeight(t(3, 3, 4, 8), Conv2dParams.square(1, 1, 0)));
    assertArgument("prepareConvWeight: hwio [1, 1, 4, 6] has 6 output channels, not divisible by groups=4",
        () -> backend.prepareConvWeight(t(1, 1, 4, 6), new Conv2dParams(1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 4)));
    assertArgument("prepareConvWeight: hwio must be HWIO [kh, kw, cin/groups, cout] (rank 4), got shape [9, 8]",
        () -> backend.prepareConvWeight(t(9, 8), Conv2dParams.square(3, 1, 1)));
  }

  @Test
  void normPoolAndElementwiseShapesAreChecked() {
    Tensor c4 = t(4);
    assertArgument("batchNormInference: var has shape [3], expected [4]",
        () -> backend.norm().batchNormInference(t(2, 4), c4, c4, c4, t(3), 1e-5f, false, t(2, 4)));
    assertArgument("batchNormInference: epsilon must be >= 0, got -1.0",
        () -> backend.norm().batchNormInference(t(2, 4), c4, c4, c4, c4, -1f, false, t(2, 4)));
    assertArgument("maxPool2d: the 3x3 window does not fit x [1, 2, 2, 4] with this padding",
        () -> backend.pool().maxPool2d(t(1, 2, 2, 4), Pool2dParams.square(3, 1, 0), t(1, 1, 1, 4)));
    assertArgument("avgPool2d: y must not be the same tensor as x", () -> {
      Tensor x = t(1, 3, 3, 2);
      backend.pool().avgPool2d(x, Pool2dParams.square(1, 1, 0), x);
    });
    assertArgument("globalAvgPool: x [1, 0, 3, 2] has no pixels to average",
        () -> backend.pool().globalAvgPool(t(1, 0, 3, 2), t(1, 2)));
    assertArgument("zeroPad2d: padding must be >= 0, got top=1 bottom=-1 left=0 right=0",
        () -> backend.elementwise().zeroPad2d(t(1, 2, 2, 1), 1, -1, 0, 0, t(1, 2, 2, 1)));
    assertArgument("add: b has shape [5], expected [4]", () -> backend.elementwise().add(c4, t(5), false, c4));
    assertArgument("copy: x [4] has 4 elements but y [2, 3] has 6", () -> backend.elementwise().copy(c4, t(2, 3)));
    assertArgument("softmax: x must have at least one axis, got shape []",
        () -> backend.elementwise().softmax(t(), t()));
    assertArgument("dense: x must be [N, in] (rank 2), got shape [4]",
        () -> backend.dense().dense(c4, t(4, 2), null, t(1, 2)));
  }

  private static void assertArgument(String message, Executable call) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, call).getMessage());
  }
}
