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

class ColdConvTimesTest {
  @Test
  void timesEveryDistinctConvAndTotalsThemByHowOftenTheModelRunsThem() {
    List<ModelConv> convs = ModelConvs.of(ResNetBuilder.build(Zoo.load("resnet20").withInput(8, 8, 3)), 2);
    List<ConvTiming> timings;
    try (Backend backend = new CpuBackendProvider().open(new BackendConfig(1))) {
      timings = ColdConvTimes.time(backend, convs, 1, 1, 3);
    }
    assertEquals(convs.size(), timings.size());
    for (int i = 0; i < convs.size(); i++) {
      assertEquals(convs.get(i), timings.get(i).conv());
      assertEquals(3, timings.get(i).samples().count());
    }
    String report = ColdConvTimes.render(timings);
    List<String> lines = report.lines().toList();
    assertTrue(lines.getFirst().startsWith("| conv "), report);
    assertEquals(convs.size() + 3, lines.size(), report);
    double total = timings.stream().mapToDouble(t -> t.samples().medianMs() * t.conv().occurrences()).sum();
    assertEquals(
        String.format("total of the model's convs (median calls x count): %.2f ms", total), lines.getLast());
  }

  @Test
  void anUnknownOptionIsNamed() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ColdConvTimes.main(new String[] {"--copies", "3"}));
    assertTrue(e.getMessage().startsWith("unknown option '--copies'"), e.getMessage());
  }
}
