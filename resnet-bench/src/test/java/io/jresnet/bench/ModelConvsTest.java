package io.jresnet.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jresnet.models.ResNetBuilder;
import io.jresnet.models.Zoo;
import io.jresnet.nn.ModelSummary;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelConvsTest {
  @Test
  void resnet50HasFifteenDistinctPointwiseShapesOverThirtySixConvs() {
    List<ModelConv> convs = ModelConvs.ofZooModel("resnet50", 1);
    List<ModelConv> pointwise =
        ModelConvs.inFamilies(convs, ConvFamily.POINTWISE, ConvFamily.POINTWISE_STRIDED);
    assertEquals(15, pointwise.size());
    // 16 bottlenecks with two 1x1 convs each, and 4 projection shortcuts.
    assertEquals(36, pointwise.stream().mapToInt(ModelConv::occurrences).sum());
    assertEquals(53, convs.stream().mapToInt(ModelConv::occurrences).sum());
    ModelConv shortcut =
        pointwise.stream().filter(c -> c.shape().name().equals("layer2.0.downsample.0")).findFirst().orElseThrow();
    assertEquals(ConvFamily.POINTWISE_STRIDED, shortcut.shape().family());
    assertEquals("56x56x256->512 1x1/2", shortcut.shape().geometry());
    assertEquals("784x512x256", shortcut.shape().gemmDims());
    ConvShape stem = convs.getFirst().shape();
    assertEquals("conv1", stem.name());
    assertEquals(ConvFamily.STEM, stem.family());
  }

  @Test
  void convFlopsAddUpToTheModelSummaryMacsLessTheClassifier() {
    for (int batch : new int[] {1, 8}) {
      double convFlops =
          ModelConvs.ofZooModel("resnet50", batch).stream()
              .mapToDouble(c -> c.occurrences() * c.shape().flops())
              .sum();
      long macs = ModelSummary.of(ResNetBuilder.build(Zoo.load("resnet50")), batch).macs();
      long classifierMacs = 2048L * 1000 * batch;
      assertEquals(2.0 * (macs - classifierMacs), convFlops, 1e-6 * convFlops);
    }
  }
}
