package io.jresnet.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.jresnet.backend.Backend;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.MethodFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The contracts can fail: each runs here against a backend with one deliberately broken kernel and must report
 * that very bug, and against honest float32 kernels, which the default tolerance must accept. The nested contract
 * classes are {@link Disabled} so that only this test runs them (with the condition switched off).
 */
class ContractSensitivityTest {

  /**
   * Test methods (each with the display name of its failing case) that failed when running {@code contract};
   * fails itself if no test ran at all, so an empty list means the contract really ran and passed.
   */
  static List<String> failures(Class<?> contract) {
    return failures(contract, ".*");
  }

  /** Like {@link #failures(Class)}, running only the test methods whose name matches {@code methodPattern}. */
  static List<String> failures(Class<?> contract, String methodPattern) {
    List<String> failed = new ArrayList<>();
    int[] ran = {0};
    TestExecutionListener listener =
        new TestExecutionListener() {
          @Override
          public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (!id.isTest()) {
              return;
            }
            ran[0]++;
            if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL
                && id.getSource().orElse(null) instanceof MethodSource m) {
              failed.add(m.getMethodName() + " " + id.getDisplayName());
            }
          }
        };
    Launcher launcher = LauncherFactory.create();
    launcher.execute(
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectClass(contract))
            .filters(MethodFilter.includeMethodNamePatterns(".*#" + methodPattern + "(\\(.*\\))?"))
            .configurationParameter("junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition")
            .build(),
        listener);
    assertTrue(ran[0] > 0, () -> contract.getSimpleName() + " ran no test matching " + methodPattern);
    return failed;
  }

  static void assertCaught(Class<?> contract, String testMethod, String caseFragment) {
    List<String> failed = failures(contract, testMethod);
    assertTrue(
        failed.stream().anyMatch(f -> f.startsWith(testMethod + " ") && f.contains(caseFragment)),
        () -> contract.getSimpleName() + " should fail " + testMethod + " on '" + caseFragment + "', failed " + failed);
  }

  @Test
  void honestFloat32KernelsPassEveryArithmeticContract() {
    List<Class<?>> contracts =
        List.of(Float32Conv.class, Float32Dense.class, Float32Norm.class, Float32Elementwise.class, Float32Pool.class);
    for (Class<?> contract : contracts) {
      assertEquals(List.of(), failures(contract), contract.getSimpleName());
    }
  }

  @Test
  void swappedLeftAndRightPaddingIsCaught() {
    assertCaught(SwappedPaddingConv.class, "conv2dMatchesReference", "asymmetric padding");
  }

  @Test
  void droppedResidualIsCaught() {
    assertCaught(NoResidualConv.class, "conv2dMatchesReference", "+residual");
  }

  @Test
  void unwrittenOutputElementIsCaught() {
    assertCaught(LastElementUnwrittenConv.class, "conv2dMatchesReference", "7x7/2 stem");
  }

  @Test
  void ignoredWrongOutputShapeIsCaught() {
    assertCaught(UncheckedOutputConv.class, "wrongOutputShapeIsRejected", "wrongOutputShapeIsRejected");
  }

  @Test
  void paddingThatWinsAMaxIsCaught() {
    assertCaught(ZeroPaddedMaxPool.class, "maxPoolMatchesReferenceExactly", "padding never wins");
  }

  @Test
  void averageAlwaysCountingPaddingIsCaught() {
    assertCaught(AlwaysCountingAvgPool.class, "avgPoolMatchesReference", "not counting padding");
  }

  @Test
  void softmaxWithoutMaxSubtractionIsCaught() {
    assertCaught(NaiveSoftmax.class, "softmaxIsStableForLargeLogits", "softmaxIsStableForLargeLogits");
  }

  @Test
  void batchNormIgnoringEpsilonIsCaught() {
    assertCaught(NoEpsilonNorm.class, "batchNormInferenceMatchesReference", "eps 0.001");
  }

  @Test
  void denseIgnoringBiasIsCaught() {
    assertCaught(NoBiasDense.class, "denseMatchesReference", "+bias");
  }

  // --- the contracts, run only through failures(...) ---------------------------------------------------------

  @Disabled("run by ContractSensitivityTest")
  static class Float32Conv extends ConvContract {
    @Override
    protected Backend backend() {
      PatchedBackend b = new PatchedBackend();
      return b.withConv(Float32Kernels.conv(b.inner()));
    }
  }

  @Disabled("run by ContractSensitivityTest")
  static class Float32Dense extends DenseContract {
    @Override
    protected Backend backend() {
      PatchedBackend b = new PatchedBackend();
      return b.withDense(Float32Kernels.dense(b.inner()));
    }
  }

  @Disabled("run by ContractSensitivityTest")
  static class Float32Norm extends NormContract {
    @Override
    protected Backend backend() {
      PatchedBackend b = new PatchedBackend();
      return b.withNorm(Float32Kernels.norm(b.inner()));
    }
  }

  @Disabled("run by ContractSensitivityTest")
  static class Float32Elementwise extends ElementwiseContract {
    @Override
    protected Backend backend() {
      PatchedBackend b = new PatchedBackend();
      return b.withElementwise(Float32Kernels.elementwise(b.inner()));
    }
  }

  @Disabled("run by ContractSensitivityTest")
  static class Float32Pool extends PoolContract {
    @Override
    protected Backend backend() {
      PatchedBackend b = new PatchedBackend();
      return b.withPool(Float32Kernels.pool(b.inner()));
    }
  }

  @Disabled("run by ContractSensitivityTest")
  static class SwappedPaddingConv extends ConvContract {
    @Override
    protected Backend backend() {
      return BrokenBackends.swappedPadding();
    }
  }

  @Disabled("run by ContractSensitivityTest")
  static class NoResidualConv extends ConvContract {
    @Override
    protected Backend backend() {
      return BrokenBackends.droppedResidual();
    }
  }

  @Disabled("run by ContractSensitivityTest")
  static class LastElementUnwrittenConv extends ConvContract {
    @Override
    protected Backend backend() {
      return BrokenBackends.lastElementUnwritten();
    }
  }

  @Disabled("run by ContractSensitivityTest")
  static class UncheckedOutputConv extends ConvContract {
    @Override
    protected Backend backend() {
      return BrokenBackends.uncheckedOutput();
    }
  }

  @Disabled("run by ContractSensitivityTest")
  static class ZeroPaddedMaxPool extends PoolContract {
    @Override
    protected Backend backend() {
      return BrokenBackends.zeroPaddedMaxPool();
    }
  }

  @Disabled("run by ContractSensitivityTest")
  static class AlwaysCountingAvgPool extends PoolContract {
    @Override
    protected Backend backend() {
      return BrokenBackends.alwaysCountingAvgPool();
    }
  }

  @Disabled("run by ContractSensitivityTest")
  static class NaiveSoftmax extends ElementwiseContract {
    @Override
    protected Backend backend() {
      return BrokenBackends.naiveSoftmax();
    }
  }

  @Disabled("run by ContractSensitivityTest")
  static class NoEpsilonNorm extends NormContract {
    @Override
    protected Backend backend() {
      return BrokenBackends.epsilonIgnored();
    }
  }

  @Disabled("run by ContractSensitivityTest")
  static class NoBiasDense extends DenseContract {
    @Override
    protected Backend backend() {
      return BrokenBackends.biasIgnored();
    }
  }
}
