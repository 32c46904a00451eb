package io.jresnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
      report = GemmEfficiency.render(GemmEfficiency.time(backend, convs, 0, 1, null), peaks, "batch 1");
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
}
