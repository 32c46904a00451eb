package io.jresnet.tck;

import static io.jresnet.tck.ContractSensitivityTest.assertCaught;

import io.jresnet.backend.Backend;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The training contracts can fail: each runs against a backend with one deliberately broken training kernel
 * ({@link BrokenTrainingBackends}) and must report that bug, both the comparison with the reference and, where it
 * applies, the finite-difference check. The nested contract classes are {@link Disabled} so that only this test
 * runs them.
 */
class TrainingContractSensitivityTest {

  @Test
  void swappedPaddingInBackwardDataIsCaught() {
    assertCaught(SwappedPaddingConv.class, "backwardDataMatchesReference", "asymmetric padding");
    assertCaught(SwappedPaddingConvGradient.class, "convGradientsMatchFiniteDifferences", "asymmetric pad");
  }

  @Test
  void unwrittenBiasGradientIsCaught() {
    assertCaught(UnwrittenBiasConv.class, "backwardFilterMatchesReference", "+bias");
  }

  @Test
  void biasedRunningVarianceIsCaught() {
    assertCaught(BiasedRunningVarianceNorm.class, "trainingForwardAndBackwardMatchReference", "momentum 0.1");
  }

  @Test
  void batchNormBackwardThatIgnoresTheBatchStatisticsIsCaught() {
    assertCaught(ConstantStatisticsNorm.class, "trainingForwardAndBackwardMatchReference", "x[");
    assertCaught(ConstantStatisticsGradient.class, "batchNormTrainingGradientsMatchFiniteDifferences", "x[");
  }

  @Test
  void maxPoolBackwardCreditingTheLastTieIsCaught() {
    assertCaught(LastTiePool.class, "maxPoolBackwardRoutesTiesToTheFirstMaximum", "ResNet stem pool");
  }

  @Test
  void crossEntropyGradientWithoutSmoothingIsCaught() {
    assertCaught(UnsmoothedGradientLoss.class, "lossAndGradientMatchReference", "smoothing 0.1");
    assertCaught(UnsmoothedGradientCheck.class, "softmaxCrossEntropyGradientMatchesFiniteDifferences", "0.1");
  }

  @Test
  void sgdIgnoringNesterovIsCaught() {
    assertCaught(NoNesterovSgd.class, "stepsMatchReference", "nesterov");
  }

  @Test
  void adamWithoutBiasCorrectionIsCaught() {
    assertCaught(NoBiasCorrectionAdam.class, "stepsMatchReference", "Adam");
  }

  // --- the contracts, run only through assertCaught(...) -----------------------------------------------------

  @Disabled("run by TrainingContractSensitivityTest")
  static class SwappedPaddingConv extends ConvBackwardContract {
    @Override
    protected Backend backend() {
      return BrokenTrainingBackends.swappedPaddingBackwardData();
    }
  }

  @Disabled("run by TrainingContractSensitivityTest")
  static class SwappedPaddingConvGradient extends ConvGradientCheckContract {
    @Override
    protected Backend backend() {
      return BrokenTrainingBackends.swappedPaddingBackwardData();
    }
  }

  @Disabled("run by TrainingContractSensitivityTest")
  static class UnwrittenBiasConv extends ConvBackwardContract {
    @Override
    protected Backend backend() {
      return BrokenTrainingBackends.unwrittenBiasGradient();
    }
  }

  @Disabled("run by TrainingContractSensitivityTest")
  static class BiasedRunningVarianceNorm extends NormBackwardContract {
    @Override
    protected Backend backend() {
      return BrokenTrainingBackends.biasedRunningVariance();
    }
  }

  @Disabled("run by TrainingContractSensitivityTest")
  static class ConstantStatisticsNorm extends NormBackwardContract {
    @Override
    protected Backend backend() {
      return BrokenTrainingBackends.batchNormBackwardIgnoringBatchStatistics();
    }
  }

  @Disabled("run by TrainingContractSensitivityTest")
  static class ConstantStatisticsGradient extends GradientCheckContract {
    @Override
    protected Backend backend() {
      return BrokenTrainingBackends.batchNormBackwardIgnoringBatchStatistics();
    }
  }

  @Disabled("run by TrainingContractSensitivityTest")
  static class LastTiePool extends PoolBackwardContract {
    @Override
    protected Backend backend() {
      return BrokenTrainingBackends.maxPoolBackwardCreditingTheLastTie();
    }
  }

  @Disabled("run by TrainingContractSensitivityTest")
  static class UnsmoothedGradientLoss extends LossContract {
    @Override
    protected Backend backend() {
      return BrokenTrainingBackends.crossEntropyGradientIgnoringSmoothing();
    }
  }

  @Disabled("run by TrainingContractSensitivityTest")
  static class UnsmoothedGradientCheck extends GradientCheckContract {
    @Override
    protected Backend backend() {
      return BrokenTrainingBackends.crossEntropyGradientIgnoringSmoothing();
    }
  }

  @Disabled("run by TrainingContractSensitivityTest")
  static class NoNesterovSgd extends OptimizerContract {
    @Override
    protected Backend backend() {
      return BrokenTrainingBackends.sgdIgnoringNesterov();
    }
  }

  @Disabled("run by TrainingContractSensitivityTest")
  static class NoBiasCorrectionAdam extends OptimizerContract {
    @Override
    protected Backend backend() {
      return BrokenTrainingBackends.adamWithoutBiasCorrection();
    }
  }
}
