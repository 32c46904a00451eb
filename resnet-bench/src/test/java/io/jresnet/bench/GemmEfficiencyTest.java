package io.jresnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.backend.Backend;
import io.jresnet.backend.BackendConfig;
import io.jresnet.cpu.CpuBackendProvider;
import io.jresnet.models.ResNetBuilder;
import io.jresnet.models.Zoo;
import java.util.List;
import org.junit.jupiter.api.Test;

class GemmEfficiencyTest {
  @Test
  void reportTablesThePointwiseConvsAndTheRest() {
    List<ModelConv> convs = ModelConvs.of(ResNetBuilder.build(Zoo.load("resnet20").withInput(8, 8, 3)), 1);
    GemmEfficiency.PeakReference peaks = new GemmEfficiency.PeakReference(100, 80);
    String report;
    try (Backend backend = new CpuBackendProvider().open(new BackendConfig(1))) {
      report = GemmEfficiency.render(GemmEfficiency.time(backend, convs, 0, 1), peaks, "batch 1");
    }
    List<String> lines = report.lines().toList();
    assertEquals("## 1x1 convolutions (GEMMs), batch 1", lines.getFirst());
    // resnet20 has two projection shortcuts, both strided 1x1 convs.
    assertTrue(lines.get(3).matches("\\| layer2\\.0\\.downsample\\.0 +\\| 1x1/2 .*"), report);
    assertTrue(lines.get(4).matches("\\| layer3\\.0\\.downsample\\.0 +\\| 1x1/2 .*"), report);
    assertTrue(lines.get(5).matches("\\| \\*\\*1x1 total, FLOP-weighted\\*\\* +\\| +\\|.* 2 \\|.*"), report);
    assertTrue(report.contains("## other convolutions (for information), batch 1"), report);
    assertTrue(report.contains("| conv1 "), report);
  }

  @Test
  void weightedTotalCountsEachShapeAsOftenAsTheModelRunsIt() {
    ConvShape shape = ConvShape.square("a", 1, 4, 8, 8, 1, 1, 0);
    double flops = shape.flops();
    List<ConvTiming> timings =
        List.of(
            new ConvTiming(new ModelConv(shape, 3), new Samples(1, 1, 1, 1)),
            new ConvTiming(new ModelConv(shape.withName("b"), 1), new Samples(2, 2, 2, 1)));
    assertEquals(4 * flops / (5 * 1e6), ConvTiming.weightedGflops(timings), 1e-12);
  }

  @Test
  void bestTotalWeighsEachShapesFastestCall() {
    ConvShape shape = ConvShape.square("a", 1, 4, 8, 8, 1, 1, 0);
    double flops = shape.flops();
    List<ConvTiming> timings =
        List.of(
            new ConvTiming(new ModelConv(shape, 3), new Samples(2, 1, 3, 3)),
            new ConvTiming(new ModelConv(shape.withName("b"), 1), new Samples(4, 0.5, 4, 3)));
    assertEquals(4 * flops / (3.5 * 1e6), ConvTiming.weightedBestGflops(timings), 1e-12);
    assertEquals(flops / 0.5e6, timings.get(1).bestGflops(), 1e-12);
  }

  @Test
  void percentagesSetMediansAgainstTheTypicalPeakAndFastestCallsAgainstTheBest() {
    ConvTiming t =
        new ConvTiming(new ModelConv(ConvShape.square("only", 1, 4, 8, 8, 1, 1, 0), 1), new Samples(2, 1, 3, 3));
    // The median call reaches half the typical peak, the fastest a quarter of the best.
    GemmEfficiency.PeakReference peaks = new GemmEfficiency.PeakReference(4 * t.bestGflops(), 2 * t.gflops());
    String table = GemmEfficiency.table(List.of(t), peaks, "total");
    assertTrue(table.lines().anyMatch(l -> l.matches("\\| only .*\\| +50\\.0 \\| +25\\.0 \\|")), table);
    assertTrue(table.lines().anyMatch(l -> l.matches("\\| \\*\\*total.*\\| +\\*\\*50\\.0\\*\\* \\| \\*\\*25\\.0\\*\\* \\|")),
        table);
  }

  @Test
  void samplerReportsTheMedianTrial() {
    PeakSampler sampler = new PeakSampler(VectorWidth.BITS_256, 1, 1);
    sampler.sample();
    sampler.sample();
    sampler.sample();
    assertEquals(3, sampler.count());
    assertTrue(sampler.median() > 0, "median " + sampler.median());
  }

  @Test
  void eachSliceIsSetAgainstTheMeanOfTheTrialsEitherSideOfIt() {
    // 2 GFLOP per call: 1 ms is 2000 GFLOPS.
    List<Double> fractions = PairedTiming.fractions(2e9, new double[] {1, 2, 4}, new double[] {1000, 3000, 1000, 500});
    assertEquals(List.of(1.0, 0.5, 0.5 / 0.75), fractions);
    assertEquals(0.5 / 0.75, new PairedTiming(new Samples(1, 1, 1, 1), fractions).medianFraction(), 1e-12);
    assertEquals(0.75, new PairedTiming(new Samples(1, 1, 1, 1), List.of(1.0, 0.5)).medianFraction(), 1e-12);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PairedTiming.fractions(1, new double[2], new double[2]));
    assertTrue(e.getMessage().contains("2 slices need 3 peak trials, got 2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new PairedTiming(new Samples(1, 1, 1, 1), List.of()));
  }

  @Test
  void pairedTotalWeighsEachShapeByItsWorkAndNeedsEveryConvPaired() {
    ConvShape shape = ConvShape.square("a", 1, 4, 8, 8, 1, 1, 0);
    Samples any = new Samples(1, 1, 1, 1);
    // Three runs of a at 80% and one of b at 40%: the same work at 80% takes half the peak-time of 40%.
    List<ConvTiming> timings =
        List.of(new ConvTiming(new ModelConv(shape, 3), any, 0.8),
            new ConvTiming(new ModelConv(shape.withName("b"), 1), any, 0.4));
    assertEquals(4 / (3 / 0.8 + 1 / 0.4), ConvTiming.weightedPairedFraction(timings), 1e-12);
    List<ConvTiming> mixed = List.of(timings.getFirst(), new ConvTiming(new ModelConv(shape.withName("c"), 1), any));
    assertTrue(Double.isNaN(ConvTiming.weightedPairedFraction(mixed)));
    assertTrue(GemmEfficiency.table(mixed, new GemmEfficiency.PeakReference(100, 80), "total")
        .lines().anyMatch(l -> l.matches("\\| c .*\\| +- \\| .*")));
    assertThrows(IllegalArgumentException.class, () -> new ConvTiming(new ModelConv(shape, 1), any, 0));
  }

  @Test
  void pairedTimingRunsATrialBeforeTheFirstSliceAndAfterEachOne() {
    ConvShape shape = ConvShape.square("p", 1, 8, 8, 8, 1, 1, 0);
    int[] trials = {0};
    PairedTiming paired;
    try (Backend backend = new CpuBackendProvider().open(new BackendConfig(1))) {
      paired = ConvTimer.timePaired(backend, shape, 1, 3, 4, 0.001, 7, () -> 1.0 + trials[0]++);
    }
    assertEquals(4, trials[0]);
    assertEquals(3, paired.fractions().size());
    assertTrue(paired.calls().count() >= 12, "calls " + paired.calls().count());
    // The trials read 1, 2, 3, 4 GFLOPS: each slice's GFLOPS over 1.5, 2.5 and 3.5.
    double flops = shape.flops();
    assertTrue(paired.fractions().getFirst() > 0 && paired.fractions().getFirst() < flops, paired.toString());
    ConvTiming timing = new ConvTiming(new ModelConv(shape, 1), paired);
    String table = GemmEfficiency.table(List.of(timing), new GemmEfficiency.PeakReference(100, 80), "total");
    assertTrue(table.contains(GemmEfficiency.percent(paired.medianFraction())), table);
  }
}
