package io.jresnet.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelSpecTest {
  private final ModelSpec resnet18 = Zoo.load("resnet18");

  @Test
  void withInputChangesOnlyTheInput() {
    ModelSpec other = resnet18.withInput(97, 131, 3);
    assertEquals(new InputSpec(97, 131, 3), other.input());
    assertEquals(resnet18, other.withInput(224, 224, 3));
  }

  @Test
  void withClassesChangesOnlyTheClassifier() {
    ModelSpec other = resnet18.withClasses(10);
    assertEquals(10, other.head().classes());
    assertEquals(resnet18, other.withClasses(1000));
  }

  @Test
  void withInputOfOtherChannelsDropsThePreprocessingMadeForTheOldOnes() {
    ModelSpec grey = resnet18.withInput(28, 28, 1);
    assertEquals(1, grey.input().channels());
    assertTrue(grey.preprocessing().isEmpty());
    assertTrue(resnet18.withInput(97, 131, 3).preprocessing().isPresent());
  }

  @Test
  void recordsRejectImpossibleValues() {
    assertEquals(
        "input dimensions must be >= 1, got 0x5x3",
        assertThrows(IllegalArgumentException.class, () -> new InputSpec(0, 5, 3)).getMessage());
    assertEquals(
        "stem pool needs size, stride >= 1 and 0 <= padding <= size/2, got size=3 stride=2 padding=2",
        assertThrows(IllegalArgumentException.class, () -> new StemPoolSpec(PoolType.MAX, 3, 2, 2)).getMessage());
    assertEquals(
        "expansion must be >= 1, and 1 for basic blocks; got 4 for basic",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    new ModelSpec(
                        "m", "", new InputSpec(8, 8, 3), resnet18.stem(), BlockType.BASIC, 4, StrideOn.CONV_3X3,
                        List.of(new StageSpec(1, 8, 1)), BatchNormSpec.PYTORCH_DEFAULT, HeadSpec.globalAverage(2),
                        Init.HE_NORMAL, false, Optional.empty()))
            .getMessage());
    assertEquals(
        "an 'avg' head pool needs a size >= 1 and a flatten, got size=2 flatten=false",
        assertThrows(
                IllegalArgumentException.class,
                () -> new HeadSpec(HeadPool.AVG, 2, PaddingMode.SAME, false, 6, Activation.SOFTMAX))
            .getMessage());
    assertEquals(
        "crop 300x224 is larger than the resized image 256x256",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    new PreprocessingSpec(
                        new ShorterSideResize(256), Optional.of(new CropSpec(300, 224)), Interpolation.BILINEAR,
                        1 / 255.0, List.of(0.0), List.of(1.0)))
            .getMessage());
    assertEquals(
        "a shorter-side resize needs a crop so that every image has the same size",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    new PreprocessingSpec(
                        new ShorterSideResize(256), Optional.empty(), Interpolation.BILINEAR, 1 / 255.0,
                        List.of(0.0), List.of(1.0)))
            .getMessage());
  }
}
