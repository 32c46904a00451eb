package io.jresnet.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jresnet.backend.Conv2dParams;
import io.jresnet.tensor.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link WinogradConv} against the float64 direct conv of {@link NaiveLoops}: ragged tiles at the right and bottom,
 * padding 0, 1, 2 and asymmetric, channel counts off the vector width, batches, split output channels, every
 * epilogue, prepared and raw weights, one and two threads. Calls {@link WinogradConv#run} directly, so that shapes
 * below {@link WinogradConv#MIN_CHANNELS} are covered too.
 */
class WinogradConvTest {
  /** The backends' contract is 1e-4 (the TCK holds CPU kernels to 1e-5); F(4×4, 3×3) stays within a few 1e-6. */
  private static final double TOLERANCE = 1e-5;

  record Case(String name, int n, int h, int w, int cin, int cout, Conv2dParams p, boolean bias, boolean residual,
      boolean relu) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    Conv2dParams same = Conv2dParams.square(3, 1, 1);
    return Stream.of(
        new Case("ragged tiles, pad 1, bias+relu", 2, 7, 9, 13, 40, same, true, false, true),
        new Case("valid (pad 0), residual", 1, 10, 11, 16, 33, Conv2dParams.square(3, 1, 0), false, true, false),
        new Case("pad 2, all epilogues", 1, 5, 6, 33, 17, Conv2dParams.square(3, 1, 2), true, true, true),
        new Case("asymmetric padding", 1, 6, 7, 20, 24, new Conv2dParams(3, 3, 1, 1, 0, 2, 1, 0, 1, 1, 1), true,
            false, false),
        new Case("1x1 image", 2, 1, 1, 5, 7, same, true, false, true),
        new Case("two column blocks, batch 3", 3, 13, 14, 40, 200, same, true, true, true),
        new Case("deep, valid", 1, 6, 6, 300, 20, Conv2dParams.square(3, 1, 0), false, false, false),
        new Case("ResNet block 64, batch 2", 2, 16, 16, 64, 64, same, true, true, true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matchesDirectConvWithPreparedAndRawWeights(Case c) {
    SplittableRandom rnd = new SplittableRandom(c.name().hashCode());
    float[] x = NaiveLoops.random(rnd, c.n() * c.h() * c.w() * c.cin());
    float[] w = NaiveLoops.random(rnd, 9 * c.cin() * c.cout());
    int outSize = c.n() * c.p().outputH(c.h()) * c.p().outputW(c.w()) * c.cout();
    float[] bias = c.bias() ? NaiveLoops.random(rnd, c.cout()) : null;
    float[] residual = c.residual() ? NaiveLoops.random(rnd, outSize) : null;
    float[] expected = NaiveLoops.conv2d(x, c.n(), c.h(), c.w(), c.cin(), w, c.cout(), bias, c.p(), residual, c.relu());
    for (WinogradVariant variant : WinogradVariant.values()) {
      float[] first = null;
      for (int threads = 1; threads <= 2; threads++) {
        for (boolean prepare : new boolean[] {true, false}) {
          float[] actual = run(threads, c, x, w, bias, residual, prepare, variant);
          double error = NaiveLoops.relativeError(actual, expected);
          assertTrue(error <= TOLERANCE, c + ", " + variant + (prepare ? ", prepared" : ", raw") + ", " + threads
              + " threads: error " + error);
          if (first == null) {
            first = actual;
          } else {
            assertArrayEquals(first, actual, c + ", " + variant + ": results differ between thread counts or forms");
          }
        }
      }
    }
  }

  private static float[] run(
      int threads, Case c, float[] x, float[] w, float[] bias, float[] residual, boolean prepare,
      WinogradVariant variant) {
    try (CpuBackend backend = new CpuBackend(new CpuComputePool(threads));
        CpuComputePool pool = new CpuComputePool(threads)) {
      Shape hwio = Shape.of(3, 3, c.cin(), c.cout());
      CpuTensor raw = (CpuTensor) backend.fromHost(w, hwio);
      CpuTensor weight = prepare ? (CpuTensor) backend.prepareConvWeight(raw, c.p()) : raw;
      if (prepare) {
        assertInstanceOf(WinogradWeight.class, weight);
      }
      ConvGeometry g =
          new ConvGeometry(c.n(), c.h(), c.w(), c.cin(), c.p().outputH(c.h()), c.p().outputW(c.w()), c.cout(), c.p());
      float[] y = new float[g.rows() * c.cout()];
      Arrays.fill(y, Float.NaN);
      GemmEpilogue e = new GemmEpilogue(bias, residual, c.relu());
      WinogradConv conv = new WinogradConv(pool, true);
      conv.run(x, weight, g, e, y, variant);
      // Twice: the second call reuses the buffers the first one grew.
      float[] again = new float[y.length];
      conv.run(x, weight, g, e, again, variant);
      assertArrayEquals(y, again, c + ": a repeated call differs");
      return y;
    }
  }

  /** ResNet-like data: He-init weights, post-ReLU activations, widths of ResNet-50's stride-1 3×3 convs. */
  @ParameterizedTest(name = "cin=cout={0}")
  @MethodSource("resnetWidths")
  void holdsTheContractOnResNetLikeData(int channels) {
    // The image sizes of ResNet-50, but 14×14 at 128 and 28×28 at 64 to keep the float64 reference quick.
    int size = Math.max(7, 1792 / channels);
    SplittableRandom rnd = new SplittableRandom(channels);
    float[] x = new float[size * size * channels];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.max(0, rnd.nextGaussian());
    }
    float[] w = new float[9 * channels * channels];
    double he = Math.sqrt(2.0 / (9 * channels));
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (rnd.nextGaussian() * he);
    }
    Case c = new Case("resnet " + channels, 1, size, size, channels, channels, Conv2dParams.square(3, 1, 1), false,
        false, false);
    float[] expected = NaiveLoops.conv2d(x, 1, size, size, channels, w, channels, null, c.p(), null, false);
    for (WinogradVariant variant : WinogradVariant.values()) {
      float[] actual = run(2, c, x, w, null, null, true, variant);
      double error = NaiveLoops.relativeError(actual, expected);
      assertTrue(error <= TOLERANCE, c + ", " + variant + ": error " + error);
    }
  }

  static Stream<Integer> resnetWidths() {
    return Stream.of(64, 128, 256, 512);
  }

  @Test
  void preparedWeightFollowsItsData() {
    Case c = new Case("rewritten weights", 1, 8, 8, 32, 32, Conv2dParams.square(3, 1, 1), false, false, false);
    SplittableRandom rnd = new SplittableRandom(3);
    float[] x = NaiveLoops.random(rnd, 8 * 8 * 32);
    float[] w1 = NaiveLoops.random(rnd, 9 * 32 * 32);
    float[] w2 = NaiveLoops.random(rnd, 9 * 32 * 32);
    try (CpuBackend backend = new CpuBackend(new CpuComputePool(1));
        CpuComputePool pool = new CpuComputePool(1)) {
      CpuTensor prepared =
          (CpuTensor) backend.prepareConvWeight(backend.fromHost(w1, Shape.of(3, 3, 32, 32)), c.p());
      ConvGeometry g = new ConvGeometry(1, 8, 8, 32, 8, 8, 32, c.p());
      WinogradConv conv = new WinogradConv(pool, true);
      float[] y = new float[8 * 8 * 32];
      for (WinogradVariant variant : WinogradVariant.values()) {
        conv.run(x, prepared, g, GemmEpilogue.NONE, y, variant);
      }
      prepared.copyFromHost(w2);
      float[] expected = NaiveLoops.conv2d(x, 1, 8, 8, 32, w2, 32, null, c.p(), null, false);
      for (WinogradVariant variant : WinogradVariant.values()) {
        conv.run(x, prepared, g, GemmEpilogue.NONE, y, variant);
        assertTrue(NaiveLoops.relativeError(y, expected) <= TOLERANCE, variant + ": the filters were not rebuilt");
      }
    }
  }

  @Test
  void runsOnlyStrideOneThreeByThreeConvsWithOneGroup() {
    assertTrue(WinogradConv.supports(Conv2dParams.square(3, 1, 1)));
    assertTrue(WinogradConv.supports(Conv2dParams.square(3, 1, 0)));
    assertFalse(WinogradConv.supports(Conv2dParams.square(3, 2, 1)));
    assertFalse(WinogradConv.supports(Conv2dParams.square(5, 1, 2)));
    assertFalse(WinogradConv.supports(Conv2dParams.square(1, 1, 0)));
    assertFalse(WinogradConv.supports(new Conv2dParams(3, 3, 1, 1, 2, 2, 2, 2, 2, 2, 1)));
    assertFalse(WinogradConv.supports(new Conv2dParams(3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 4)));
  }

  @Test
  void choosesWideConvsUnlessSwitchedOff() {
    Conv2dParams p = Conv2dParams.square(3, 1, 1);
    ConvGeometry wide = new ConvGeometry(1, 28, 28, 128, 28, 28, 128, p);
    ConvGeometry narrow = new ConvGeometry(1, 28, 28, 8, 28, 28, 16, p);
    ConvGeometry strided = new ConvGeometry(1, 28, 28, 128, 14, 14, 128, Conv2dParams.square(3, 2, 1));
    ConvGeometry fewTiles = new ConvGeometry(1, 7, 7, 512, 7, 7, 512, p);
    ConvGeometry enoughTiles = new ConvGeometry(8, 7, 7, 256, 7, 7, 256, p);
    ConvGeometry widest = new ConvGeometry(8, 7, 7, 512, 7, 7, 512, p);
    ConvGeometry bigFilters = new ConvGeometry(8, 7, 7, 1024, 7, 7, 1024, p);
    ConvGeometry tooFewTiles = new ConvGeometry(3, 7, 7, 512, 7, 7, 512, p);
    ConvGeometry justEnoughTiles = new ConvGeometry(1, 14, 14, 256, 14, 14, 256, p);
    ConvGeometry emptyTiles = new ConvGeometry(32, 2, 2, 512, 2, 2, 512, p);
    try (CpuComputePool pool = new CpuComputePool(1)) {
      WinogradConv conv = new WinogradConv(pool, true);
      assertTrue(conv.chooses(wide));
      assertFalse(conv.chooses(narrow));
      assertFalse(conv.chooses(strided));
      assertFalse(conv.chooses(fewTiles), "4 tiles");
      assertTrue(conv.chooses(enoughTiles), "32 tiles");
      assertTrue(conv.chooses(widest), "512 -> 512 filters take 37.7 MB");
      assertFalse(conv.chooses(bigFilters), "1024 -> 1024 filters would take 151 MB");
      assertFalse(conv.chooses(tooFewTiles), "12 tiles");
      assertTrue(conv.chooses(justEnoughTiles), "16 tiles");
      assertFalse(conv.chooses(emptyTiles), "2x2 outputs in 4x4 tiles");
      assertEquals(WinogradVariant.F2X2, conv.choose(justEnoughTiles), "16 tiles of 4x4, 49 of 2x2");
      assertEquals(WinogradVariant.F4X4, conv.choose(new ConvGeometry(2, 14, 14, 256, 14, 14, 256, p)), "32 tiles");
      assertEquals(WinogradVariant.F4X4, conv.choose(new ConvGeometry(1, 28, 28, 128, 28, 28, 128, p)), "49 tiles");
      assertEquals(WinogradVariant.F4X4, conv.choose(wide), "49 tiles at 28x28");
      assertEquals(null, conv.choose(fewTiles), "7x7: F(2x2) would save too little in 2x2 tiles of 8x8");
      assertFalse(new WinogradConv(pool, false).chooses(wide));
      String before = System.getProperty(WinogradConv.PROPERTY);
      try {
        System.setProperty(WinogradConv.PROPERTY, "false");
        assertFalse(new WinogradConv(pool).chooses(wide));
        System.setProperty(WinogradConv.PROPERTY, "true");
        assertTrue(new WinogradConv(pool).chooses(wide));
      } finally {
        if (before == null) {
          System.clearProperty(WinogradConv.PROPERTY);
        } else {
          System.setProperty(WinogradConv.PROPERTY, before);
        }
      }
    }
  }

  @Test
  void preparesWinogradWeightsOnlyForSupportedConvs() {
    try (CpuBackend backend = new CpuBackend(new CpuComputePool(1))) {
      Shape s3 = Shape.of(3, 3, 4, 8);
      float[] w = new float[s3.size()];
      assertInstanceOf(
          WinogradWeight.class, backend.prepareConvWeight(backend.fromHost(w, s3), Conv2dParams.square(3, 1, 1)));
      assertEquals(
          CpuPackedConvWeight.class,
          backend.prepareConvWeight(backend.fromHost(w, s3), Conv2dParams.square(3, 2, 1)).getClass());
    }
  }
}
