package io.jresnet.models.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
  /** {@code n} examples of [4, 5, 2]; value (i, y, x, c) = 1000 i + 100 y + 10 x + c + 1 (never 0), label i % 3. */
  static FloatDataset numbered(int n) {
    Shape shape = Shape.of(4, 5, 2);
    float[] values = new float[n * shape.size()];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 3;
      for (int y = 0; y < 4; y++) {
        for (int x = 0; x < 5; x++) {
          for (int c = 0; c < 2; c++) {
            values[i * 40 + (y * 5 + x) * 2 + c] = 1000 * i + 100 * y + 10 * x + c + 1;
          }
        }
      }
    }
    return new FloatDataset(shape, values, labels, List.of("a", "b", "c"));
  }

  private static List<Batch> all(DataLoader loader, int epoch) {
    List<Batch> batches = new ArrayList<>();
    try (BatchStream stream = loader.stream(epoch)) {
      stream.forEachRemaining(batches::add);
    }
    return batches;
  }

  private static void assertSame(Batch a, Batch b) {
    assertEquals(a.shape(), b.shape());
    assertArrayEquals(a.x(), b.x());
    assertArrayEquals(a.labels(), b.labels());
    assertArrayEquals(a.exampleIndices(), b.exampleIndices());
  }

  @Test
  void sameSeedSameBatchesOtherEpochOtherOrder() {
    FloatDataset data = numbered(23);
    LoaderOptions options = LoaderOptions.training(5, 42).withAugmentation(new Augmentation(1, true));
    List<Batch> first = all(new DataLoader(data, options), 3);
    List<Batch> again = all(new DataLoader(data, options), 3);
    assertEquals(5, first.size());
    for (int k = 0; k < first.size(); k++) {
      assertSame(first.get(k), again.get(k));
    }
    DataLoader loader = new DataLoader(data, options);
    int[] order = loader.order(3);
    int[] sorted = order.clone();
    Arrays.sort(sorted);
    int[] identity = new int[23];
    Arrays.setAll(identity, i -> i);
    assertArrayEquals(identity, sorted, "a permutation");
    assertFalse(Arrays.equals(identity, order), "shuffled");
    assertFalse(Arrays.equals(order, loader.order(4)), "another epoch, another order");
    assertFalse(Arrays.equals(order, new DataLoader(data, LoaderOptions.training(5, 43)).order(3)), "another seed");
    assertArrayEquals(Arrays.copyOfRange(order, 20, 23), first.get(4).exampleIndices());
    assertArrayEquals(identity, new DataLoader(data, LoaderOptions.evaluation(5)).order(7), "no shuffle");
  }

  @Test
  void lastPartialBatchKeptOrDropped() {
    FloatDataset data = numbered(23);
    DataLoader keep = new DataLoader(data, LoaderOptions.evaluation(5));
    List<Batch> kept = all(keep, 0);
    assertEquals(5, keep.batchesPerEpoch());
    assertEquals(Shape.nhwc(3, 4, 5, 2), kept.get(4).shape());
    assertArrayEquals(new int[] {20 % 3, 21 % 3, 22 % 3}, kept.get(4).labels());
    assertArrayEquals(DataFiles.example(data, 21), Arrays.copyOfRange(kept.get(4).x(), 40, 80));
    DataLoader drop = new DataLoader(data, LoaderOptions.evaluation(5).withDropLast(true));
    assertEquals(4, drop.batchesPerEpoch());
    assertEquals(4, all(drop, 0).size());
    assertEquals(0, new DataLoader(numbered(4), LoaderOptions.evaluation(5).withDropLast(true)).batchesPerEpoch());
  }

  @Test
  void resumingAtBatchKRepeatsTheUninterruptedRun() {
    DataLoader loader = new DataLoader(numbered(30), LoaderOptions.training(4, 9).withAugmentation(
        new Augmentation(2, true)).withNormalization(new Normalization(0.5, List.of(3.0, 1.0), List.of(2.0, 4.0))));
    List<Batch> full = all(loader, 2);
    DataLoader restarted = new DataLoader(numbered(30), loader.options());
    try (BatchStream tail = restarted.stream(2, 5)) {
      for (int k = 5; k < full.size(); k++) {
        Batch b = tail.next();
        assertEquals(k, b.index());
        assertSame(full.get(k), b);
      }
      assertFalse(tail.hasNext());
    }
    assertSame(full.get(6), restarted.batch(2, 6));
    assertThrows(IndexOutOfBoundsException.class, () -> loader.stream(2, 9));
    assertThrows(IndexOutOfBoundsException.class, () -> loader.batch(2, 8));
    assertThrows(IllegalArgumentException.class, () -> loader.stream(-1));
  }

  @Test
  void augmentationDependsOnTheExampleNotOnBatching() {
    FloatDataset data = numbered(17);
    LoaderOptions base = LoaderOptions.training(3, 5).withAugmentation(new Augmentation(2, true));
    float[][] byIndexSmall = byIndex(new DataLoader(data, base), 1);
    LoaderOptions bigBatches = new LoaderOptions(7, true, false, 5, base.augmentation(), Normalization.IDENTITY, 1);
    float[][] byIndexLarge = byIndex(new DataLoader(data, bigBatches), 1);
    for (int i = 0; i < 17; i++) {
      assertArrayEquals(byIndexSmall[i], byIndexLarge[i]);
    }
    LoaderOptions unshuffledOptions =
        new LoaderOptions(8, false, false, 5, base.augmentation(), Normalization.IDENTITY, 2);
    float[][] unshuffled = byIndex(new DataLoader(data, unshuffledOptions), 1);
    for (int i = 0; i < 17; i++) {
      assertArrayEquals(byIndexSmall[i], unshuffled[i], "example " + i);
    }
    assertFalse(Arrays.deepEquals(byIndexSmall, byIndex(new DataLoader(data, base), 2)), "another epoch");
  }

  @Test
  void cropsShiftWithZeroPaddingAndFlipsMirror() {
    FloatDataset data = numbered(40);
    int pad = 2;
    DataLoader loader = new DataLoader(data, LoaderOptions.training(8, 11).withAugmentation(new Augmentation(pad,
        true)));
    Set<String> seen = new HashSet<>();
    for (int epoch = 0; epoch < 3; epoch++) {
      float[][] out = byIndex(loader, epoch);
      for (int i = 0; i < 40; i++) {
        String match = matchingAugmentation(DataFiles.example(data, i), out[i], pad);
        assertTrue(match != null, "example " + i + " is no crop/flip of its source");
        seen.add(match);
      }
    }
    // 120 draws over 50 possible (dy, dx, flip): most should appear, both flips surely.
    assertTrue(seen.size() > 30, "only " + seen.size() + " distinct augmentations");
    assertTrue(seen.stream().anyMatch(s -> s.endsWith("true")) && seen.stream().anyMatch(s -> s.endsWith("false")));
  }

  @Test
  void normalisationAfterAugmentationPadsWithZerosBeforeIt() {
    FloatDataset data = numbered(6);
    Normalization norm = new Normalization(1.0 / 255, List.of(0.5, 0.25), List.of(0.5, 2.0));
    DataLoader plain = new DataLoader(data, LoaderOptions.evaluation(6).withNormalization(norm));
    float[] x = plain.batch(0, 0).x();
    for (int i = 0; i < x.length; i++) {
      int c = i % 2;
      float raw = rawValue(data, i);
      float expected = ((float) (raw / 255.0) - (c == 0 ? 0.5f : 0.25f)) / (c == 0 ? 0.5f : 2.0f);
      assertEquals(expected, x[i], "value " + i);
    }
    // With a 4-pixel pad on a 4x5 image some outputs are padding: they read (0 - mean) / std.
    DataLoader padded = new DataLoader(data, LoaderOptions.training(6, 1).withAugmentation(new Augmentation(4, false))
        .withNormalization(norm));
    Set<Float> values = new HashSet<>();
    for (float v : padded.batch(0, 0).x()) {
      values.add(v);
    }
    assertTrue(values.contains(-1f) && values.contains(-0.125f), "padding normalised like a zero pixel");
    assertEquals("the normalisation has 3 mean/std values, but the examples have 2 channels; give one value per"
        + " channel, or one for all", assertThrows(IllegalArgumentException.class, () -> new DataLoader(data,
            LoaderOptions.evaluation(2).withNormalization(new Normalization(1, List.of(0.0, 0.0, 0.0),
                List.of(1.0, 1.0, 1.0))))).getMessage());
  }

  @Test
  void optionsAreValidated() {
    assertThrows(IllegalArgumentException.class, () -> LoaderOptions.evaluation(0));
    assertThrows(IllegalArgumentException.class, () -> LoaderOptions.evaluation(1).withPrefetchBatches(0));
    assertThrows(IllegalArgumentException.class, () -> new Augmentation(-1, false));
    assertThrows(IllegalArgumentException.class, () -> new Normalization(0, List.of(0.0), List.of(1.0)));
    assertThrows(IllegalArgumentException.class, () -> new Normalization(1, List.of(0.0), List.of(0.0)));
    assertThrows(IllegalArgumentException.class, () -> new Normalization(1, List.of(0.0, 1.0), List.of(1.0)));
  }

  private static float rawValue(FloatDataset data, int flatIndex) {
    int length = data.exampleLength();
    return DataFiles.example(data, flatIndex / length)[flatIndex % length];
  }

  /** Every example of {@code epoch} as the loader augmented it, indexed by its position in the data set. */
  private static float[][] byIndex(DataLoader loader, int epoch) {
    float[][] out = new float[loader.dataset().size()][];
    for (Batch b : all(loader, epoch)) {
      int length = loader.dataset().exampleLength();
      for (int i = 0; i < b.size(); i++) {
        out[b.exampleIndices()[i]] = Arrays.copyOfRange(b.x(), i * length, (i + 1) * length);
      }
    }
    return out;
  }

  /** The "dy,dx,flip" that turns {@code src} (a 4x5x2 example) into {@code out}, by brute force; null if none. */
  private static String matchingAugmentation(float[] src, float[] out, int pad) {
    for (int dy = -pad; dy <= pad; dy++) {
      for (int dx = -pad; dx <= pad; dx++) {
        for (boolean flip : new boolean[] {false, true}) {
          float[] candidate = new float[src.length];
          for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
              int cx = flip ? 4 - x : x;
              int sy = y + dy;
              int sx = cx + dx;
              for (int c = 0; c < 2; c++) {
                candidate[(y * 5 + x) * 2 + c] =
                    sy < 0 || sy >= 4 || sx < 0 || sx >= 5 ? 0 : src[(sy * 5 + sx) * 2 + c];
              }
            }
          }
          if (Arrays.equals(candidate, out)) {
            return dy + "," + dx + "," + flip;
          }
        }
      }
    }
    return null;
  }
}
