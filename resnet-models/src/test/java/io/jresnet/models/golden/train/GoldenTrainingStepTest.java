package io.jresnet.models.golden.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.backend.Backend;
import io.jresnet.cpu.CpuBackend;
import io.jresnet.cpu.CpuComputePool;
import io.jresnet.tck.ReferenceBackend;
import io.jresnet.train.SgdParams;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two SGD-momentum steps of zoo models against PyTorch (issue 3): from the same counter-formula weights and batches,
 * jresnet's training forward, fused softmax cross-entropy, backward and SGD give each step's loss and every tensor's
 * updated values (running statistics included) within 1e-4 relative of PyTorch's float64 run
 * ({@code tools/golden/train_step.py}; scheme and choice of learning rates in {@code tools/golden/README.md}).
 */
class GoldenTrainingStepTest {
  /** The accuracy contract of issue 3. */
  static final double TOLERANCE = 1e-4;

  private static CpuBackend cpu;

  @BeforeAll
  static void open() {
    cpu = new CpuBackend(new CpuComputePool(Runtime.getRuntime().availableProcessors()));
  }

  @AfterAll
  static void close() {
    cpu.close();
  }

  static List<TrainingCase> cases() {
    return TrainingFixtures.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void cpuBackendMatchesPyTorch(TrainingCase c) {
    TrainingComparison result = compare(c, cpu, c.sgd());
    assertTrue(result.worstLossError() <= TOLERANCE, c + " on cpu: " + result);
    assertTrue(result.worstUpdateError() <= TOLERANCE, c + " on cpu: " + result);
  }

  @Test
  void referenceBackendMatchesPyTorchOnResnet18() {
    TrainingCase c = byModel("resnet18");
    try (Backend reference = new ReferenceBackend()) {
      TrainingComparison result = compare(c, reference, c.sgd());
      assertTrue(result.worstLossError() <= TOLERANCE, c + " on reference: " + result);
      assertTrue(result.worstUpdateError() <= TOLERANCE, c + " on reference: " + result);
    }
  }

  /** The comparison has teeth: SGD without momentum leaves the first step alone but misses the second update. */
  @Test
  void droppingMomentumBreaksTheSecondStep() {
    TrainingCase c = byModel("resnet18");
    SgdParams noMomentum = new SgdParams(0f, c.sgd().weightDecay(), false, false);
    TrainingComparison result = compare(c, cpu, noMomentum);
    assertTrue(result.worstUpdateError() > 10 * TOLERANCE, "without momentum: " + result);
    assertTrue(result.worstUpdate().startsWith("step 2 "), "without momentum: " + result);
  }

  private static TrainingComparison compare(TrainingCase c, Backend backend, SgdParams sgd) {
    long started = System.nanoTime();
    Map<String, float[]> full = TrainingFixtures.fullDeltas(c);
    JavaTrainingRun run = JavaTrainingRun.of(c, backend, sgd, List.copyOf(full.keySet()));
    TrainingComparison result = TrainingComparison.of(c, run, TrainingFixtures.checksums(c), full);
    System.out.printf("golden training %s on %s: %s (%d ms)%n",
        c, backend.name(), result, (System.nanoTime() - started) / 1_000_000);
    return result;
  }

  private static TrainingCase byModel(String model) {
    return cases().stream().filter(c -> c.model().equals(model)).findFirst()
        .orElseThrow(() -> new AssertionError("golden/train/manifest.json has no " + model + " case"));
  }
}
