package io.jresnet.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.jresnet.backend.Backend;
import io.jresnet.backend.Conv2dParams;
import io.jresnet.backend.ElementwiseKernels;
import io.jresnet.backend.Pool2dParams;
import io.jresnet.backend.PoolKernels;
import io.jresnet.tensor.Shape;
import io.jresnet.tensor.Tensor;
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
  private static List<String> failures(Class<?> contract) {
    return failures(contract, ".*");
  }

  /** Like {@link #failures(Class)}, running only the test methods whose name matches {@code methodPattern}. */
  private static List<String> failures(Class<?> contract, String methodPattern) {
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

  private static void assertCaught(Class<?> contract, String testMethod, String caseFragment) {
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

  // --- the backends under test -------------------------------------------------------------------------------

  private static Backend swappedPadding() {
    PatchedBackend b = new PatchedBackend();
    return b.withConv(
        (x, w, bias, p, r, relu, y) ->
            b.inner()
                .conv()
                .conv2d(
                    x,
                    w,
                    bias,
                    new Conv2dParams(
                        p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padTop(), p.padBottom(), p.padRight(),
                        p.padLeft(), p.dilationH(), p.dilationW(), p.groups()),
                    r,
                    relu,
                    y));
  }

  private static Backend lastElementUnwritten() {
    PatchedBackend b = new PatchedBackend();
    return b.withConv(
        (x, w, bias, p, r, relu, y) -> {
          float[] before = y.copyToHost();
          b.inner().conv().conv2d(x, w, bias, p, r, relu, y);
          float[] after = y.copyToHost();
          after[after.length - 1] = before[before.length - 1];
          y.copyFromHost(after);
        });
  }

  private static Backend uncheckedOutput() {
    PatchedBackend b = new PatchedBackend();
    return b.withConv(
        (x, w, bias, p, r, relu, y) -> {
          Shape expected = Shape.nhwc(x.shape().dim(0), p.outputH(x.shape().dim(1)), p.outputW(x.shape().dim(2)),
              w.shape().dim(3));
          if (expected.equals(y.shape())) {
            b.inner().conv().conv2d(x, w, bias, p, r, relu, y);
          }
        });
  }

  /** Max pool over an explicitly zero-padded copy: padding reads as 0 and wins over negative inputs. */
  private static Backend zeroPaddedMaxPool() {
    PatchedBackend b = new PatchedBackend();
    PoolKernels ref = b.inner().pool();
    return b.withPool(
        new PoolKernels() {
          @Override
          public void maxPool2d(Tensor x, Pool2dParams p, Tensor y) {
            Shape s = x.shape();
            int h = s.dim(1) + p.padTop() + p.padBottom();
            int w = s.dim(2) + p.padLeft() + p.padRight();
            Shape padded = Shape.nhwc(s.dim(0), h, w, s.dim(3));
            try (Tensor xp = b.allocate(padded)) {
              b.inner().elementwise().zeroPad2d(x, p.padTop(), p.padBottom(), p.padLeft(), p.padRight(), xp);
              Pool2dParams unpadded =
                  new Pool2dParams(p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), 0, 0, 0, 0, true);
              ref.maxPool2d(xp, unpadded, y);
            }
          }

          @Override
          public void avgPool2d(Tensor x, Pool2dParams p, Tensor y) {
            ref.avgPool2d(x, p, y);
          }

          @Override
          public void globalAvgPool(Tensor x, Tensor y) {
            ref.globalAvgPool(x, y);
          }
        });
  }

  private static Backend alwaysCountingAvgPool() {
    PatchedBackend b = new PatchedBackend();
    PoolKernels ref = b.inner().pool();
    return b.withPool(
        new PoolKernels() {
          @Override
          public void maxPool2d(Tensor x, Pool2dParams p, Tensor y) {
            ref.maxPool2d(x, p, y);
          }

          @Override
          public void avgPool2d(Tensor x, Pool2dParams p, Tensor y) {
            ref.avgPool2d(
                x,
                new Pool2dParams(
                    p.kernelH(), p.kernelW(), p.strideH(), p.strideW(), p.padTop(), p.padBottom(), p.padLeft(),
                    p.padRight(), true),
                y);
          }

          @Override
          public void globalAvgPool(Tensor x, Tensor y) {
            ref.globalAvgPool(x, y);
          }
        });
  }

  /** Softmax as exp(x) / sum(exp(x)) in float: overflows for logits above ~88. */
  private static Backend naiveSoftmax() {
    PatchedBackend b = new PatchedBackend();
    ElementwiseKernels ref = b.inner().elementwise();
    ElementwiseKernels f32 = Float32Kernels.elementwise(b.inner());
    return b.withElementwise(
        new ElementwiseKernels() {
          @Override
          public void relu(Tensor x, Tensor y) {
            ref.relu(x, y);
          }

          @Override
          public void add(Tensor a, Tensor c, boolean relu, Tensor y) {
            ref.add(a, c, relu, y);
          }

          @Override
          public void zeroPad2d(Tensor x, int top, int bottom, int left, int right, Tensor y) {
            ref.zeroPad2d(x, top, bottom, left, right, y);
          }

          @Override
          public void softmax(Tensor x, Tensor y) {
            f32.softmax(x, y);
            float[] xs = x.copyToHost();
            int width = x.shape().dim(-1);
            float[] ys = new float[xs.length];
            for (int start = 0; start < xs.length; start += width) {
              float sum = 0;
              for (int j = 0; j < width; j++) {
                ys[start + j] = (float) Math.exp(xs[start + j]);
                sum += ys[start + j];
              }
              for (int j = 0; j < width; j++) {
                ys[start + j] /= sum;
              }
            }
            y.copyFromHost(ys);
          }

          @Override
          public void copy(Tensor x, Tensor y) {
            ref.copy(x, y);
          }

          @Override
          public void fill(Tensor t, float value) {
            ref.fill(t, value);
          }
        });
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
      return swappedPadding();
    }
  }

  @Disabled("run by ContractSensitivityTest")
  static class NoResidualConv extends ConvContract {
    @Override
    protected Backend backend() {
      PatchedBackend b = new PatchedBackend();
      return b.withConv((x, w, bias, p, r, relu, y) -> b.inner().conv().conv2d(x, w, bias, p, null, relu, y));
    }
  }

  @Disabled("run by ContractSensitivityTest")
  static class LastElementUnwrittenConv extends ConvContract {
    @Override
    protected Backend backend() {
      return lastElementUnwritten();
    }
  }

  @Disabled("run by ContractSensitivityTest")
  static class UncheckedOutputConv extends ConvContract {
    @Override
    protected Backend backend() {
      return uncheckedOutput();
    }
  }

  @Disabled("run by ContractSensitivityTest")
  static class ZeroPaddedMaxPool extends PoolContract {
    @Override
    protected Backend backend() {
      return zeroPaddedMaxPool();
    }
  }

  @Disabled("run by ContractSensitivityTest")
  static class AlwaysCountingAvgPool extends PoolContract {
    @Override
    protected Backend backend() {
      return alwaysCountingAvgPool();
    }
  }

  @Disabled("run by ContractSensitivityTest")
  static class NaiveSoftmax extends ElementwiseContract {
    @Override
    protected Backend backend() {
      return naiveSoftmax();
    }
  }

  @Disabled("run by ContractSensitivityTest")
  static class NoEpsilonNorm extends NormContract {
    @Override
    protected Backend backend() {
      PatchedBackend b = new PatchedBackend();
      return b.withNorm(
          (x, g, beta, m, v, eps, relu, y) -> b.inner().norm().batchNormInference(x, g, beta, m, v, 0f, relu, y));
    }
  }

  @Disabled("run by ContractSensitivityTest")
  static class NoBiasDense extends DenseContract {
    @Override
    protected Backend backend() {
      PatchedBackend b = new PatchedBackend();
      return b.withDense((x, w, bias, y) -> b.inner().dense().dense(x, w, null, y));
    }
  }
}
