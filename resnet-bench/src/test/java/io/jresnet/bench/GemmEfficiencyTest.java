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
    FmaPeaks peaks = new FmaPeaks(1, 100, 100, 50, 50);
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
}
