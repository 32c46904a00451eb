package io.jresnet.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.tensor.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSummaryTest {
  @Test
  void countsASmallResidualGraphByHand() {
    ModelSummary s = ModelSummary.of(TestGraphs.smallResidual(), 2);
    assertEquals(16, s.rows().size());
    assertEquals(new SummaryRow("input", "input", Shape.nhwc(2, 8, 8, 3), List.of(), 0, 0, 0), s.rows().getFirst());
    SummaryRow conv1 = s.rows().get(1);
    assertEquals(new SummaryRow("conv1", "conv2d", Shape.nhwc(2, 8, 8, 4), List.of("input"), 108, 108,
        2L * 8 * 8 * 4 * 27), conv1);
    SummaryRow bn1 = s.rows().get(2);
    assertEquals(16, bn1.parameters());
    assertEquals(8, bn1.trainableParameters());
    // convs: 3*3*3*4 + 3*3*4*6 + 3*3*6*6 + 1*1*4*6; bns: 4 vectors of 4, 6, 6, 6; fc: 6*5 + 5.
    long convs = 108 + 216 + 324 + 24;
    long bns = 4 * (4 + 6 + 6 + 6);
    assertEquals(convs + bns + 35, s.totalParameters());
    assertEquals(2 * (4 + 6 + 6 + 6), s.nonTrainableParameters());
    long macs = 2 * (8 * 8 * 4 * 27L + 4 * 4 * 6 * 36 + 4 * 4 * 6 * 54 + 4 * 4 * 6 * 4 + 6 * 5);
    assertEquals(macs, s.macs());
  }

  @Test
  void theKerasNotebookModelHasItsPublishedTotals() {
    ModelSummary s = ModelSummary.of(TestGraphs.resnet50(true));
    assertEquals(23_600_006L, s.totalParameters());
    assertEquals(23_546_886L, s.trainableParameters());
    assertEquals(53_120L, s.nonTrainableParameters());
  }

  @Test
  void torchvisionResnet50HasItsPublishedTotalsAndMacs() {
    ModelSummary s = ModelSummary.of(TestGraphs.resnet50(false));
    // torchvision's published count is model.parameters(), i.e. without the batch-norm running statistics.
    assertEquals(25_557_032L, s.trainableParameters());
    assertEquals(25_557_032L + 53_120L, s.totalParameters());
    assertEquals(4_089_184_256L, s.macs());
    assertEquals(4 * 4_089_184_256L, ModelSummary.of(TestGraphs.resnet50(false), 4).macs());
  }

  @Test
  void printsAKerasStyleTable() {
    String table = ModelSummary.of(TestGraphs.resnet50(true)).toTable();
    List<String> lines = table.lines().toList();
    assertEquals("Model: \"resnet50-keras\" (batch 1)", lines.getFirst());
    assertTrue(lines.get(2).matches(" Layer \\(type\\) +Output Shape +Param # +Connected to"), lines.get(2));
    assertTrue(
        lines.stream().anyMatch(l -> l.matches(" conv1 \\(conv2d\\) +\\[1, 32, 32, 64\\] +9,472 +pad")), table);
    assertTrue(
        lines.stream()
            .anyMatch(l -> l.matches(" layer1\\.0\\.add \\(add\\) +\\[1, 15, 15, 256\\] +0 +layer1\\.0\\.bn3,"
                + " layer1\\.0\\.downsample\\.1")),
        table);
    assertTrue(table.contains("\nTotal params: 23,600,006\n"), table);
    assertTrue(table.contains("\nTrainable params: 23,546,886\n"), table);
    assertTrue(table.contains("\nNon-trainable params: 53,120\n"), table);
    assertTrue(table.contains("\nMultiply-accumulates: "), table);
    assertEquals(lines.get(1).length(), lines.get(3).length());
  }

  @Test
  void scalesLargeCounts() {
    assertEquals("4.09 G", ModelSummary.scaled(4_089_184_256L));
    assertEquals("1.50 M", ModelSummary.scaled(1_500_000));
    assertEquals("2.00 K", ModelSummary.scaled(2_000));
    assertEquals("999", ModelSummary.scaled(999));
    assertEquals("25,557,032", ModelSummary.grouped(25_557_032));
  }
}
